package dev.twbench.loadgen.experiment.kit;

import dev.twbench.loadgen.sys.Errno;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * A client that always uses the same local port, as rsh did with its reserved ports: bind(port)
 * with SO_REUSEADDR, connect, close in the given order. Whether the next round can reuse the
 * 4-tuple is the question.
 *
 * <pre>{@code
 * FixedPortClient rsh = new FixedPortClient(1010, true);
 * Optional<Errno> first = rsh.exchange(listener, true);    // empty: it worked
 * Optional<Errno> again = rsh.exchange(listener, true);    // EADDRNOTAVAIL without timestamps
 * }</pre>
 *
 * @param localPort    the port every round binds
 * @param reuseAddress SO_REUSEADDR on the client socket (without it, bind() meets the TIME_WAIT)
 */
public record FixedPortClient(int localPort, boolean reuseAddress) {

    /**
     * One connection to {@code listener}, closed by the client first or by the server first.
     *
     * @return empty if bind() and connect() succeeded, else the errno of the one that failed
     */
    public Optional<Errno> exchange(ServerSocketChannel listener, boolean clientClosesFirst) throws IOException {
        SocketChannel[] client = new SocketChannel[1];
        Optional<Errno> bind = Syscall.errno(() -> client[0] = Loopback.clientAt(localPort, reuseAddress));
        if (bind.isPresent()) {
            return bind;
        }
        Connection[] connection = new Connection[1];
        Optional<Errno> connect = Syscall.errno(() -> connection[0] = Loopback.connect(client[0], listener));
        if (connect.isPresent()) {
            return connect;
        }
        if (clientClosesFirst) {
            connection[0].closeClientFirst();
        } else {
            connection[0].closeServerFirst();
        }
        return Optional.empty();
    }
}
