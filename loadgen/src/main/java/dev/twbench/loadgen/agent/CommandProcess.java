package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.sys.NamespaceProcesses;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The user's own server or client ({@code --server-cmd}, {@code --client-cmd}), run by the agent
 * of its side inside that side's namespace: {@code setsid sh -c COMMAND} (its own session and
 * process group, the shell its leader), output appended to the run's server-cmd.log or
 * client-cmd.log. A server is ready once a socket of its namespace listens on the address and port
 * (0.0.0.0 and :: count: they take every address).
 *
 * <p>Ended on every path the agent has: {@link #close()} at the end of the run (SIGTERM to the
 * group, SIGKILL after a grace period), {@link #kill()} when the orchestrator has vanished. Either
 * way, what is left in the namespace afterwards (a daemon that made its own session, a grandchild
 * of a killed shell) is found by the namespace, not by name, and killed by pid.
 *
 * <pre>{@code
 * try (CommandProcess server = CommandProcess.start(command, log)) {
 *     server.awaitListening(address, port, readyTimeoutMs);    // or AgentException, the command ended
 *     ... the run ...
 * }
 * }</pre>
 */
final class CommandProcess implements AutoCloseable {
    private static final long POLL_MS = 20;
    private static final long TERM_GRACE_MS = 2_000;
    private static final int LOG_TAIL_LINES = 5;
    private static final String LISTEN = "0A";

    private final Process shell;
    private final Path log;
    private final String namespace;
    private final String name;

    private CommandProcess(Process shell, Path log, String namespace, String name) {
        this.shell = shell;
        this.log = log;
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * Starts {@code command} in this agent's namespace.
     *
     * @param name how errors call it: "the server command"
     */
    static CommandProcess start(String command, Path log, String name) {
        try {
            String namespace = NamespaceProcesses.ofThisProcess();
            Process shell = new ProcessBuilder("setsid", "sh", "-c", command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new CommandProcess(shell, log, namespace, name);
        } catch (IOException e) {
            throw new AgentException("cannot start " + name + ": " + e.getMessage());
        }
    }

    /** The user's server: started, and listening once this returns; on failure nothing of it is left running. */
    static CommandProcess startServer(Message.StartCommand request) {
        CommandProcess server = start(request.command(), Path.of(request.log()), "the server command");
        try {
            server.awaitListening(request.address(), request.port(), request.readyTimeoutMs());
            return server;
        } catch (RuntimeException e) {
            server.kill();
            throw e;
        }
    }

    /** True while the command's shell runs. */
    boolean running() {
        return shell.isAlive();
    }

    /** The shell's exit status, once it has ended. */
    int exitStatus() {
        return shell.exitValue();
    }

    /** The shell's pid: the leader of the command's process group. */
    long pid() {
        return shell.pid();
    }

    void awaitListening(String address, int port, long readyTimeoutMs) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readyTimeoutMs);
        String where = address + ":" + port;
        List<String> addresses = listenAddresses(address);
        while (true) {
            if (listening(addresses, port)) {
                return;
            }
            if (!shell.isAlive()) {
                throw new AgentException(name + " exited with status " + shell.exitValue()
                        + " without listening on " + where + logTail());
            }
            if (System.nanoTime() > deadlineNs) {
                throw new AgentException(name + " did not listen on " + where + " within "
                        + readyTimeoutMs + " ms (--server-ready-timeout)" + logTail());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("interrupted while waiting for " + name + " to listen");
            }
        }
    }

    /**
     * The local addresses, as /proc/net/tcp and tcp6 print them, of a listener that takes
     * connections to {@code address}: the address itself, 0.0.0.0, ::, and the address mapped into IPv6.
     */
    static List<String> listenAddresses(String address) {
        byte[] b;
        try {
            b = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (IOException e) {
            throw new AgentException("not an address: " + address);
        }
        // /proc prints each 32-bit word of the address in the host's byte order (little-endian here).
        String v4 = String.format(Locale.ROOT, "%02X%02X%02X%02X", b[3], b[2], b[1], b[0]);
        return List.of(v4, "00000000", "00000000000000000000000000000000", "0000000000000000FFFF0000" + v4);
    }

    /** True if a socket of this namespace listens on {@code port} at one of {@code addresses}. */
    static boolean listening(List<String> addresses, int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            String content;
            try {
                content = ProcFiles.read(Path.of(table));
            } catch (IOException e) {
                continue; // no IPv6 in this kernel
            }
            for (String line : content.lines().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && LISTEN.equals(f[3])) {
                    int colon = f[1].indexOf(':');
                    if (f[1].substring(colon + 1).equals(hexPort) && addresses.contains(f[1].substring(0, colon))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "; its log (" + log.getFileName() + ") is empty";
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "; its log ends: " + String.join(" | ", tail);
        } catch (IOException e) {
            return "";
        }
    }

    /** Ends the command gracefully: SIGTERM to its group, SIGKILL to whatever is left after the grace period. */
    @Override
    public void close() {
        signalGroup("TERM");
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_GRACE_MS);
        while (System.nanoTime() < deadlineNs && !namespaceEmpty()) {
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill();
    }

    /** Ends the command at once: SIGKILL to its group and to all else in the namespace but this agent. */
    void kill() {
        signalGroup("KILL");
        try {
            NamespaceProcesses.killAll(namespace, ProcessHandle.current().pid());
        } catch (IOException e) {
            System.err.println("could not list the namespace's processes: " + e.getMessage());
        }
    }

    private boolean namespaceEmpty() {
        try {
            return NamespaceProcesses.in(namespace, ProcessHandle.current().pid()).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** kill(1) to the process group the shell leads (its pid): every process of the command that stayed in it. */
    private void signalGroup(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + shell.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("kill -" + signal + " of " + name + "'s group failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
