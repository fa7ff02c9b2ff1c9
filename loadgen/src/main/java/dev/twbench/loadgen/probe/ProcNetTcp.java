package dev.twbench.loadgen.probe;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Counts TIME_WAIT entries of {@code /proc/net/tcp} on each side of the server's loopback ports.
 * The table is the namespace's whole hash table, so this is only used where the sides share a
 * namespace, and sampled at most once a second.
 */
public final class ProcNetTcp {
    private static final String LOOPBACK = "127.0.0.1";

    private ProcNetTcp() {
    }

    /** Every TIME_WAIT entry of the table: the full walk a tool without a per-namespace counter pays. */
    public static long countTimeWait(String table) {
        long[] count = {0};
        inMemory(table, in -> {
            TcpTable.parse(in, timeWait(socket -> count[0]++));
            return null;
        });
        return count[0];
    }

    /** TIME_WAIT sockets of one server port, split by which side holds them. */
    public record TimeWaitByPort(long client, long server) {
    }

    /**
     * @param table       content of /proc/net/tcp
     * @param serverPorts the server's listening ports on 127.0.0.1: local end = server side,
     *                    remote end = client side
     */
    public static TimeWaitByPort countTimeWait(String table, Collection<Integer> serverPorts) {
        return inMemory(table, in -> countTimeWait(in, serverPorts));
    }

    /** The same, read from the file as the kernel writes it, without holding the table in memory. */
    public static TimeWaitByPort countTimeWait(Path table, Collection<Integer> serverPorts) throws IOException {
        try (InputStream in = new FileInputStream(table.toFile())) {
            return countTimeWait(in, serverPorts);
        }
    }

    private static TimeWaitByPort countTimeWait(InputStream table, Collection<Integer> serverPorts)
            throws IOException {
        Set<Endpoint> serverEnds = serverPorts.stream().map(p -> new Endpoint(LOOPBACK, p)).collect(Collectors.toSet());
        long[] client = {0};
        long[] server = {0};
        TcpTable.parse(table, timeWait(socket -> {
            if (serverEnds.contains(socket.local())) {
                server[0]++;
            } else if (serverEnds.contains(socket.remote())) {
                client[0]++;
            }
        }));
        return new TimeWaitByPort(client[0], server[0]);
    }

    private interface TableReader<T> {
        T read(InputStream table) throws IOException;
    }

    private static <T> T inMemory(String table, TableReader<T> reader) {
        try {
            return reader.read(new ByteArrayInputStream(table.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a table in memory", e); // a byte array does not fail
        }
    }

    private static Consumer<TcpSocket> timeWait(Consumer<TcpSocket> entry) {
        return socket -> {
            if (socket.state() == TcpState.TIME_WAIT) {
                entry.accept(socket);
            }
        };
    }
}
