package dev.twbench.bench.jmh;

import dev.twbench.loadgen.lab.NamespaceSysctls;
import dev.twbench.loadgen.probe.ProcNetTcp;
import dev.twbench.loadgen.probe.TcpTable;
import dev.twbench.loadgen.probe.Sockstat;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Puts TIME_WAIT sockets on loopback for a benchmark to work against, with plain blocking IPv4
 * sockets (so /proc/net/tcp lists them, not tcp6) and real connections: each one connected, accepted and closed by the side that is to
 * hold TIME_WAIT first, the other side closing on EOF.
 *
 * <pre>{@code
 * TimeWaitMaker.onServer(6000, true, 10_000);   // 10,000 on the server's port 6000
 * TimeWaitMaker.onClient(7100, 9_000);          // 9,000 ephemeral ports held towards port 7100
 * }</pre>
 */
final class TimeWaitMaker {
    static final String LOOPBACK = "127.0.0.1";
    /**
     * Client ends for server-side TIME_WAIT: explicit (address, port) pairs, so each connection
     * is a new 4-tuple, below every ephemeral range a benchmark uses (their TIME_WAIT would make
     * these binds fail): 10 loopback addresses x 10,000 ports. An end already in TIME_WAIT towards
     * the same server port only takes that socket over, so a top-up needs room beyond its count.
     */
    private static final int FIRST_CLIENT_PORT = 10_000;
    private static final int CLIENT_PORTS = 10_000;
    private static final List<String> CLIENT_ADDRESSES = IntStream.rangeClosed(2, 11).mapToObj(i -> "127.0.0." + i)
            .toList();
    private static final int CLIENT_ENDS = CLIENT_PORTS * CLIENT_ADDRESSES.size();
    /** TIME_WAIT beyond tcp_max_tw_buckets would be skipped; several benchmarks' sockets may be alive at once. */
    static final long MAX_TW_BUCKETS = 1_048_576;
    private static final int TOP_UP_ROUNDS = 3;

    private TimeWaitMaker() {
    }

    /**
     * Tops the server's TIME_WAIT on {@code serverPort} up to {@code count} sockets. They keep the
     * listener's SO_REUSEADDR, which decides whether a new socket may bind the port beside them.
     *
     * @return the server-side TIME_WAIT sockets on the port afterwards
     */
    static long onServer(int serverPort, boolean reuseAddress, int count) throws IOException {
        // Sockets made a minute ago may expire while the rest are made: count again, top up again.
        for (int round = 0; round < TOP_UP_ROUNDS; round++) {
            long missing = count - timeWait(serverPort).server();
            if (missing <= 0) {
                break;
            }
            roomFor(missing);
            makeOnServer(serverPort, reuseAddress, missing);
        }
        return timeWait(serverPort).server();
    }

    private static void makeOnServer(int serverPort, boolean reuseAddress, long missing) throws IOException {
        try (ServerSocketChannel listener = listener(serverPort, reuseAddress)) {
            // Walked from a different start each time, so a top-up makes new 4-tuples rather than
            // SYNs that take an earlier TIME_WAIT over.
            int end = (int) Math.floorMod(System.nanoTime(), CLIENT_ENDS);
            for (long made = 0, tried = 0; made < missing && tried < CLIENT_ENDS; tried++) {
                end = (end + 1) % CLIENT_ENDS;
                InetSocketAddress from = new InetSocketAddress(CLIENT_ADDRESSES.get(end / CLIENT_PORTS),
                        FIRST_CLIENT_PORT + end % CLIENT_PORTS);
                if (connectFrom(from, listener, serverPort)) {
                    made++;
                }
            }
        }
    }

    /** One connection from a fixed client end, closed first by the server; false if that end was taken. */
    private static boolean connectFrom(InetSocketAddress clientEnd, ServerSocketChannel listener, int serverPort)
            throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            try {
                client.bind(clientEnd);
                client.connect(new InetSocketAddress(LOOPBACK, serverPort));
            } catch (BindException e) {
                return false;
            }
            try (SocketChannel accepted = listener.accept()) {
                accepted.close(); // the server's FIN first: TIME_WAIT on the server
                client.read(ByteBuffer.allocate(1)); // EOF: the FIN has arrived, close on it
            }
        }
        return true;
    }

    /**
     * Tops the client's TIME_WAIT towards {@code serverPort} up to {@code count}, from ephemeral
     * ports of this namespace's ip_local_port_range (the client closes first).
     *
     * @return the client-side TIME_WAIT sockets towards the port afterwards
     */
    static long onClient(int serverPort, int count) throws IOException {
        for (int round = 0; round < TOP_UP_ROUNDS; round++) {
            long missing = count - timeWait(serverPort).client();
            if (missing <= 0) {
                break;
            }
            roomFor(missing);
            makeOnClient(serverPort, missing);
        }
        return timeWait(serverPort).client();
    }

    private static void makeOnClient(int serverPort, long missing) throws IOException {
        try (ServerSocketChannel listener = listener(serverPort, true)) {
            for (long made = 0; made < missing; made++) {
                try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
                    client.connect(new InetSocketAddress(LOOPBACK, serverPort));
                    try (SocketChannel accepted = listener.accept()) {
                        client.close(); // the client's FIN first: TIME_WAIT on the client
                        accepted.read(ByteBuffer.allocate(1));
                    }
                }
            }
        }
    }

    /**
     * Past tcp_max_tw_buckets a closing socket silently skips TIME_WAIT, and other benchmarks'
     * sockets (60 s each) may still fill the namespace: raise the limit when it would bind.
     * Left raised: it only ever avoids skipping TIME_WAIT.
     */
    private static void roomFor(long more) throws IOException {
        long level = Sockstat.parse(ProcFiles.read(Path.of("/proc/net/sockstat"))).timeWait();
        if (level + more > Long.parseLong(NamespaceSysctls.read(NamespaceSysctl.TCP_MAX_TW_BUCKETS))) {
            NamespaceSysctls.atLeast(NamespaceSysctl.TCP_MAX_TW_BUCKETS, MAX_TW_BUCKETS);
        }
    }

    static ServerSocketChannel listener(int port, boolean reuseAddress) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
        listener.bind(new InetSocketAddress(LOOPBACK, port), 4096);
        return listener;
    }

    /** TIME_WAIT on loopback port {@code serverPort}, by side, from this namespace's /proc/net/tcp. */
    static ProcNetTcp.TimeWaitByPort timeWait(int serverPort) throws IOException {
        return ProcNetTcp.countTimeWait(TcpTable.IPV4, List.of(serverPort));
    }
}
