package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.lab.Lab;
import dev.twbench.loadgen.scenario.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The orchestrator's handle on one agent: starts the JVM inside its side of the lab, sends it
 * requests and waits for the replies, and ends it by its pid.
 *
 * <pre>{@code
 * try (AgentProcess server = AgentProcess.launch(lab, Side.SERVER, runDir.resolve("agent-server.log"))) {
 *     Message.Ready ready = server.call(new Message.StartServer(spec), Message.Ready.class, STARTUP);
 *     ...
 * }   // Exit, then SIGTERM, then SIGKILL if it still lives
 * }</pre>
 */
public final class AgentProcess implements AutoCloseable {
    private static final String END_OF_STREAM = "\u0000eof";

    private final Side side;
    private final List<String> command;
    private final Process process;
    private final OutputStream requests;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path log;
    /** Not the call() lock: cleanup must never wait behind a request that is waiting for a reply. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentProcess(Side side, List<String> command, Process process, Path log) {
        this.side = side;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
        this.requests = process.getOutputStream();
        Thread reader = new Thread(this::readReplies, "agent-" + side.label() + "-replies");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts an agent JVM inside {@code side} of the lab; its stderr goes to {@code log}. */
    public static AgentProcess launch(Lab lab, Side side, Path log) {
        return launch(lab, side, log, List.of());
    }

    /**
     * As {@link #launch(Lab, Side, Path)}, the JVM started through {@code wrapper} (a command that
     * execs the rest in place, such as {@code taskset -c 0}).
     */
    public static AgentProcess launch(Lab lab, Side side, Path log, List<String> wrapper) {
        List<String> jvm = new ArrayList<>(wrapper);
        jvm.addAll(AgentCommand.forThisJvm());
        List<String> command = lab.commandIn(side, jvm);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return new AgentProcess(side, command, builder.start(), log);
        } catch (IOException e) {
            throw new AgentException("cannot start the " + side.label() + " agent: " + e.getMessage());
        }
    }

    /** The agent JVM's pid ({@code setsid}, {@code ip netns exec} and {@code env} exec it in place). */
    public long pid() {
        return process.pid();
    }

    public Side side() {
        return side;
    }

    /** The command line the agent was started with, for run.json. */
    public List<String> command() {
        return command;
    }

    /**
     * Sends {@code request} and waits for the reply.
     *
     * @throws AgentExitedException if the agent is gone
     * @throws AgentException       if it answered {@link Message.Failed}, answered something else, or took too long
     */
    public synchronized <T extends Message> T call(Message request, Class<T> replyType, Duration timeout) {
        try {
            requests.write((MessageCodec.toLine(request) + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
        } catch (IOException e) {
            throw exited();
        }
        String line;
        try {
            line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("interrupted while waiting for the " + side.label() + " agent");
        }
        if (line == null) {
            throw new AgentException("the " + side.label() + " agent did not answer "
                    + request.getClass().getSimpleName() + " within " + timeout.toMillis() + " ms");
        }
        if (END_OF_STREAM.equals(line)) {
            replies.offer(END_OF_STREAM); // later calls see it too
            throw exited();
        }
        Message reply = MessageCodec.fromLine(line);
        if (reply instanceof Message.Failed failed) {
            throw new AgentException("the " + side.label() + " agent failed: " + failed.error());
        }
        if (!replyType.isInstance(reply)) {
            throw new AgentException("the " + side.label() + " agent answered " + reply + " to " + request);
        }
        return replyType.cast(reply);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits briefly for the process to end, then says how it ended. */
    public AgentExitedException exited() {
        String how = how();
        return new AgentExitedException("the " + side.label() + " agent (pid " + process.pid() + ") " + how
                + "; see " + log, how);
    }

    /**
     * How the agent ended, e.g. {@code exited with code 137 (SIGKILL)}, after waiting briefly for
     * it to end. The JDK reports death by signal N as exit code 128 + N, as shells do.
     */
    private String how() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            return "closed its output";
        }
        int code = process.exitValue();
        String signal = switch (code) {
            case 128 + 9 -> " (SIGKILL)";
            case 128 + 15 -> " (SIGTERM)";
            case 128 + 2 -> " (SIGINT)";
            case 128 + 6 -> " (SIGABRT)";
            case 128 + 11 -> " (SIGSEGV)";
            default -> "";
        };
        return "exited with code " + code + signal;
    }

    private void readReplies() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                replies.offer(line);
            }
        } catch (IOException e) {
            // the process is gone; fall through
        }
        replies.offer(END_OF_STREAM);
    }

    /** Asks the agent to exit, then ends it by its pid if it does not: SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (process.isAlive()) {
                // Exit, or the end of its stdin, ends the agent; a call() still waiting then sees EOF.
                requests.write((MessageCodec.toLine(new Message.Exit()) + "\n").getBytes(StandardCharsets.UTF_8));
                requests.flush();
                requests.close();
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
