package dev.twbench.loadgen.experiment.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Plain blocking IPv4 sockets on loopback, with SO_REUSEADDR always set explicitly: the JDK turns
 * it on for listeners by default, which would hide the very failures the experiments look for.
 * IPv4 so that /proc/net/tcp (not tcp6) lists them.
 *
 * <pre>{@code
 * try (ServerSocketChannel listener = Loopback.listen(7000, false)) {
 *     Connection c = Loopback.connect(listener);
 *     c.closeServerFirst();                     // TIME_WAIT on the server's side of port 7000
 * }
 * }</pre>
 */
public final class Loopback {
    public static final String ADDRESS = "127.0.0.1";
    private static final int BACKLOG = 128;

    private Loopback() {
    }

    public static InetSocketAddress at(int port) {
        return new InetSocketAddress(ADDRESS, port);
    }

    /** A listener on 127.0.0.1:{@code port}. */
    public static ServerSocketChannel listen(int port, boolean reuseAddress) throws IOException {
        return listen(at(port), reuseAddress, false);
    }

    public static ServerSocketChannel listen(InetSocketAddress address, boolean reuseAddress, boolean reusePort)
            throws IOException {
        ServerSocketChannel listener = unbound(reuseAddress, reusePort);
        try {
            listener.bind(address, BACKLOG);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    /** A listener socket with its options set, not yet bound: bind it (and listen, or not) yourself. */
    public static ServerSocketChannel unbound(boolean reuseAddress, boolean reusePort)
            throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
        if (reusePort) {
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        return listener;
    }

    /** A client socket bound to a fixed loopback port, not yet connected. */
    public static SocketChannel clientAt(int localPort, boolean reuseAddress) throws IOException {
        return boundOnly(at(localPort), reuseAddress);
    }

    /** A TCP socket that is bound and nothing else: it holds the address without listening. */
    public static SocketChannel boundOnly(InetSocketAddress address, boolean reuseAddress) throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
        try {
            client.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            client.bind(address);
            return client;
        } catch (IOException e) {
            client.close();
            throw e;
        }
    }

    /** Connects from an ephemeral port and accepts the connection. */
    public static Connection connect(ServerSocketChannel listener) throws IOException {
        return connect(SocketChannel.open(StandardProtocolFamily.INET), listener);
    }

    /** Connects {@code client} (bound or not) to the listener and accepts the connection. */
    public static Connection connect(SocketChannel client, ServerSocketChannel listener) throws IOException {
        try {
            client.connect(listener.getLocalAddress());
            return new Connection(client, listener.accept());
        } catch (IOException e) {
            client.close();
            throw e;
        }
    }
}
