package dev.twbench.bench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** benchmarks.jar's main class in a child JVM, as a user runs it: real exit codes, real signals. */
final class CliProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static CliProcess start(Path workDir, String... args) throws IOException {
        return startUnder(List.of(), workDir, args);
    }

    /**
     * The same, started through {@code prefix}, a command that ends by running the rest, e.g.
     * {@code prlimit --nofile=1024:1024 --}; {@link #pid()} is then the prefix's (also the JVM's where the
     * prefix execs it, as prlimit does).
     */
    static CliProcess startUnder(List<String> prefix, Path workDir, String... args) throws IOException {
        return start(prefix, List.of(), workDir, args);
    }

    /** The same, with these options for the JVM, e.g. {@code -Xmx512m}. */
    static CliProcess startWithJvmOptions(List<String> jvmOptions, Path workDir, String... args) throws IOException {
        return start(List.of(), jvmOptions, workDir, args);
    }

    private static CliProcess start(List<String> prefix, List<String> jvmOptions, Path workDir, String... args)
            throws IOException {
        // A suite started in the background of a script without job control (nohup mvn ... &) runs
        // with SIGINT ignored, and a child inherits that: its JVM would never see the Ctrl-C the
        // tests send. env puts the default back and execs the rest, so the pid stays the JVM's.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.twbench.bench.Main"));
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new CliProcess(p, out, err);
    }

    /** Runs to the end (at most {@code timeoutSeconds}) and returns the exit code. */
    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("twbench did not end within " + timeoutSeconds + " s");
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal to this process only, by its pid. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
