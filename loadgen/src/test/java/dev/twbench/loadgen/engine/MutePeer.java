package dev.twbench.loadgen.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that accepts every connection and never answers: requests sit unread
 * until the test ends a connection, oldest first, by reading its request and closing (a FIN
 * after the whole request, so the client reads EOF where it expected its response).
 *
 * <pre>{@code
 * try (MutePeer peer = new MutePeer()) {
 *     ... a client engine to peer.port() ...
 *     peer.endOldest(requestBytes);   // that client attempt fails with EARLY_EOF
 * }
 * }</pre>
 */
final class MutePeer implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ServerSocket listener;
    private final LinkedBlockingDeque<Socket> open = new LinkedBlockingDeque<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    MutePeer() throws IOException {
        listener = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::acceptAll, "mute-peer-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                open.add(s);
                accepted.incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (every one the client opened: they complete in the backlog). */
    int accepted() {
        return accepted.get();
    }

    /** Reads the oldest open connection's request, exactly {@code requestBytes}, and closes it. */
    void endOldest(int requestBytes) throws IOException, InterruptedException {
        Socket s = open.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new IllegalStateException("no open connection to end within " + PATIENCE);
        }
        try (s) {
            s.setSoTimeout((int) PATIENCE.toMillis());
            byte[] request = s.getInputStream().readNBytes(requestBytes);
            if (request.length != requestBytes) {
                throw new IllegalStateException("the request had " + request.length + " bytes, not " + requestBytes);
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
            acceptor.join(PATIENCE.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s = open.poll(); s != null; s = open.poll()) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort: the test has its answer
            }
        }
    }
}
