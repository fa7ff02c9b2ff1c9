package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short system command ({@code ip}, {@code sh}) to completion and returns its output.
 * For the lab's plumbing only: every command is bounded by a timeout.
 */
public final class Exec {
    private static final long TIMEOUT_MS = 30_000;

    private Exec() {
    }

    /** What a finished command printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws with the command and its first line of stderr unless it exited 0. */
        public Result orThrow() {
            if (!ok()) {
                throw new ExecException(this);
            }
            return this;
        }

        /** A one-line account: "`ip netns add x` exited 1: File exists". */
        public String describe() {
            String reason = stderr.isBlank() ? stdout : stderr;
            String firstLine = reason.strip().lines().findFirst().orElse("(no output)");
            return "`" + String.join(" ", command) + "` exited " + exitCode + ": " + firstLine;
        }
    }

    /** A command that had to succeed and did not; the message says which and why. */
    public static final class ExecException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExecException(Result result) {
            super(result.describe());
        }
    }

    public static Result run(List<String> command) {
        return run(command, null);
    }

    /** Runs {@code command}, writing {@code stdin} (if any) to it, and waits for it to end. */
    public static Result run(List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Result(command, 127, "", "cannot start: " + e.getMessage());
        }
        try {
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(command, 124, "", "timed out after " + TIMEOUT_MS + " ms");
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            process.destroyForcibly();
            return new Result(command, 126, "", e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(command, 130, "", "interrupted");
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, Exec::startDaemon);
    }

    private static void startDaemon(Runnable task) {
        Thread thread = new Thread(task, "exec-output");
        thread.setDaemon(true);
        thread.start();
    }
}
