package dev.twbench.loadgen.experiment.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Both ends of one established loopback connection, closed in the order the experiment wants.
 * The second closer waits for the first one's FIN (EOF) before it closes, so which side sent
 * the first FIN, and so holds TIME_WAIT, is never left to chance.
 */
public record Connection(SocketChannel client, SocketChannel server) implements AutoCloseable {

    public int clientPort() throws IOException {
        return ((InetSocketAddress) client.getLocalAddress()).getPort();
    }

    /** The client's FIN first: TIME_WAIT on the client. */
    public void closeClientFirst() throws IOException {
        closeInOrder(client, server);
    }

    /** The server's FIN first: TIME_WAIT on the server. */
    public void closeServerFirst() throws IOException {
        closeInOrder(server, client);
    }

    private static void closeInOrder(SocketChannel first, SocketChannel second) throws IOException {
        first.close();
        awaitEof(second);
        second.close();
    }

    /** Reads until the peer's FIN; a connection here carries no data, so this is the FIN. */
    static void awaitEof(SocketChannel channel) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(64);
        while (channel.read(sink) >= 0) {
            sink.clear();
        }
    }

    @Override
    public void close() throws IOException {
        try (client; server) {
            // both closed, whatever state they are in
        }
    }
}
