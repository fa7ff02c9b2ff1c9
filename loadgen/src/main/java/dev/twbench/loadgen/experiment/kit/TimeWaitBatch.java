package dev.twbench.loadgen.experiment.kit;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

/**
 * A batch of TIME_WAIT sockets made on purpose: {@code count} loopback connections to one server
 * port, each closed by the chosen side first. The batch remembers when it was made, so a watcher
 * can tell how long its sockets stay.
 *
 * @param serverPort the port that tells the batch's sockets apart in /proc/net/tcp
 * @param count      connections made
 * @param startNs    {@link System#nanoTime()} before the first close
 * @param endNs      after the last close
 */
public record TimeWaitBatch(int serverPort, int count, long startNs, long endNs) {

    /** Connections whose client closes first: TIME_WAIT on the client's ephemeral ports. */
    public static TimeWaitBatch onClient(int serverPort, int count) throws IOException {
        return make(serverPort, count, true);
    }

    /** Connections whose server closes first: TIME_WAIT on the server's port. */
    public static TimeWaitBatch onServer(int serverPort, int count) throws IOException {
        return make(serverPort, count, false);
    }

    private static TimeWaitBatch make(int serverPort, int count, boolean clientFirst) throws IOException {
        long startNs = System.nanoTime();
        try (ServerSocketChannel listener = Loopback.listen(serverPort, true)) {
            for (int i = 0; i < count; i++) {
                Connection c = Loopback.connect(listener);
                if (clientFirst) {
                    c.closeClientFirst();
                } else {
                    c.closeServerFirst();
                }
            }
        }
        return new TimeWaitBatch(serverPort, count, startNs, System.nanoTime());
    }

    /** Seconds from the end of the batch to {@code nowNs}. */
    public double secondsSinceEnd(long nowNs) {
        return (nowNs - endNs) / 1e9;
    }

    public double makingSeconds() {
        return (endNs - startNs) / 1e9;
    }
}
