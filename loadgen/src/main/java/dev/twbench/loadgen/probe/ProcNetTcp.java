package dev.twbench.loadgen.probe;

import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Counts TIME_WAIT entries of {@code /proc/net/tcp} on each side of the server's loopback ports. Walking
 * this table costs about 1-2 ms per 1000 sockets (it is the host's whole hash table), so it
 * is only used where the sides share a namespace, and sampled at most once a second.
 */
public final class ProcNetTcp {
    private static final String TIME_WAIT_STATE = "06";
    /** 127.0.0.1 as the kernel prints it: the address's bytes in host (little-endian) order. */
    private static final String LOOPBACK_HEX = "0100007F";

    private ProcNetTcp() {
    }

    /** Every TIME_WAIT entry of the table: the full walk a tool without a per-namespace counter pays. */
    public static long countTimeWait(String table) {
        long[] count = {0};
        forEachTimeWait(table, (local, remote) -> count[0]++);
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
        Set<String> serverEnds = serverPorts.stream().map(p -> String.format("%s:%04X", LOOPBACK_HEX, p))
                .collect(Collectors.toSet());
        long[] client = {0};
        long[] server = {0};
        forEachTimeWait(table, (local, remote) -> {
            if (serverEnds.contains(local)) {
                server[0]++;
            } else if (serverEnds.contains(remote)) {
                client[0]++;
            }
        });
        return new TimeWaitByPort(client[0], server[0]);
    }

    /** Calls {@code entry} with the local and remote end ("0100007F:1B58") of each TIME_WAIT line. */
    private static void forEachTimeWait(String table, BiConsumer<String, String> entry) {
        int lineStart = table.indexOf('\n') + 1; // skip the header
        while (lineStart > 0 && lineStart < table.length()) {
            int lineEnd = table.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = table.length();
            }
            // "  12: 0100007F:1B58 0100007F:9C41 06 ..." : sl, local, remote, state
            String[] f = table.substring(lineStart, lineEnd).trim().split("\\s+", 5);
            if (f.length >= 4 && TIME_WAIT_STATE.equals(f[3])) {
                entry.accept(f[1], f[2]);
            }
            lineStart = lineEnd + 1;
        }
    }
}
