package dev.twbench.loadgen.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM command line of an agent: the same java and classpath as this process (so the
 * shaded benchmarks.jar, or a test classpath, runs its own agents), a modest heap, and the
 * flags newer JDKs want for Netty's native transport.
 */
public final class AgentCommand {
    /** Environment variable with extra JVM options for the agents. */
    public static final String EXTRA_OPTIONS_VARIABLE = "TWBENCH_AGENT_JAVA_OPTS";

    /** IPv4 sockets everywhere (io_uring has no per-channel family), so they show in /proc/net/tcp. */
    public static final String IPV4_ONLY = "-Djava.net.preferIPv4Stack=true";
    /**
     * Netty 4.2.18's io_uring loses the peer's RST after data on its multishot POLL_ADD path: most
     * connections then never see ECONNRESET, EOF or channelInactive, and hang (server-rst stalls
     * at once; cf. netty/netty#17049). Single-shot polls report every RST.
     */
    public static final String IO_URING_SINGLE_SHOT_POLL = "-Dio.netty.iouring.pollAddMultishotEnabled=false";

    private AgentCommand() {
    }

    public static List<String> forThisJvm() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx512m");
        // The initial heap is touched at start, so that an agent's RSS (recorded in every row, and
        // checked flat by soak) measures growth, not the first touch of heap pages: the direct
        // engine allocates so little that its eden was still being touched for the first time
        // 30 s into a soak (client RSS +19 MiB, none of it live).
        command.add("-XX:+AlwaysPreTouch");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Dio.netty.leakDetection.level=disabled");
        command.add("-Djava.awt.headless=true");
        command.add(IPV4_ONLY);
        command.add(IO_URING_SINGLE_SHOT_POLL);
        if (Runtime.version().feature() >= 22) {
            // JNI loading of the epoll library is a "restricted method" from JDK 22 on.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 24) {
            // Netty still reaches for sun.misc.Unsafe; without this JDK 24+ warns on every start.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Extra flags for the agents' JVMs, e.g. -Xlog:gc or -XX:StartFlightRecording (whitespace-separated).
        String extra = System.getenv(EXTRA_OPTIONS_VARIABLE);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AgentMain.class.getName());
        return command;
    }
}
