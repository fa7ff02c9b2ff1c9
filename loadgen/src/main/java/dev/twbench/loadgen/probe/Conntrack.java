package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.Source;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The NAT router's {@link Source#CONNTRACK} counters, from its namespace's two conntrack files:
 *
 * <ul>
 * <li>{@code stat/nf_conntrack}: a header of names, then one row of hexadecimal values per CPU.
 *     The statistics are summed over the rows; {@code entries} is the namespace's total, the same in
 *     every row.</li>
 * <li>{@code nf_conntrack}: one line per entry, e.g. {@code ipv4 2 tcp 6 117 TIME_WAIT
 *     src=198.19.0.2 dst=198.18.0.1 sport=60302 dport=7000 src=198.18.0.1 dst=198.18.2.1 sport=7000
 *     dport=40220 [ASSURED] ...}: the original direction, then the reply. A TCP entry whose reply
 *     goes to a NAT address holds one of the pool's ports.</li>
 * </ul>
 *
 * <pre>{@code
 * CounterValues router = Conntrack.read(Conntrack.Files.of(Path.of("/proc", pid, "net")), Set.of("198.18.2.1"),
 *         entries -> true);
 * long inUse = router.getOrZero(Counters.NAT_MAPPINGS);
 * }</pre>
 */
public final class Conntrack {
    private static final List<Counter> STATISTICS = Counters.from(Source.CONNTRACK).stream()
            .filter(Counter::isCount).toList();

    private Conntrack() {
    }

    /**
     * Reads a namespace's conntrack files through {@code files} (its /proc/PID/net, or a command
     * run in it): the statistics always, the table only when {@code walkTable} says so for the
     * entries the statistics count, since walking it costs time in proportion to them.
     */
    public static CounterValues read(Files files, Set<String> natAddresses, LongPredicate walkTable)
            throws IOException {
        String statistics = files.read("stat/nf_conntrack");
        Long entries = sumRows(statistics).get("entries");
        String table = walkTable.test(entries == null ? 0 : entries) ? files.read("nf_conntrack") : null;
        return parse(statistics, table, natAddresses);
    }

    /** Where a namespace's conntrack files are read from: {@code name} is relative to its /proc/net. */
    @FunctionalInterface
    public interface Files {
        String read(String name) throws IOException;

        /** Through a process of the namespace. */
        static Files of(Path netDir) {
            return name -> ProcFiles.read(netDir.resolve(name));
        }
    }

    /**
     * From the texts of {@code stat/nf_conntrack} and {@code nf_conntrack}; {@code table} null when
     * it was not walked this time, which leaves its two levels (entries in TIME_WAIT, NAT
     * mappings) without a value.
     */
    public static CounterValues parse(String statistics, String table, Set<String> natAddresses) {
        CounterValues.Builder values = CounterValues.builder();
        Map<String, Long> sums = sumRows(statistics);
        for (Counter c : STATISTICS) {
            Long v = sums.get(c.sourceName());
            if (v != null) {
                values.set(c, v);
            }
        }
        Long entries = sums.get("entries");
        if (entries != null) {
            values.set(Counters.CONNTRACK_ENTRIES, entries);
        }
        if (table == null) {
            return values.build();
        }
        // Each entry once, by its reply tuple: the table is walked while it changes, and an entry the
        // router is replacing (a port reused from TIME_WAIT) can be seen beside its successor; the
        // state seen last stands. With several destinations one NAT port carries one mapping to each.
        Map<String, Boolean> inTimeWaitByReply = new HashMap<>();
        Set<String> mappings = new HashSet<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // ipv4 2 tcp 6 <seconds left> <state> src=... : only TCP entries have a state.
            if (f.length < 6 || !f[2].equals("tcp")) {
                continue;
            }
            Reply reply = Reply.of(f);
            inTimeWaitByReply.put(reply.toString(), f[5].equals("TIME_WAIT"));
            if (natAddresses.contains(reply.destination())) {
                mappings.add(reply.toString());
            }
        }
        long timeWait = inTimeWaitByReply.values().stream().filter(Boolean::booleanValue).count();
        values.set(Counters.CONNTRACK_TIME_WAIT, timeWait);
        values.set(Counters.NAT_MAPPINGS, mappings.size());
        return values.build();
    }

    /** An entry's reply direction: from the server back to where the client appears to be (the NAT address). */
    private record Reply(String source, String sourcePort, String destination, String destinationPort) {
        /** The second {@code src=}, {@code sport=}, {@code dst=}, {@code dport=} of the line; empty where missing. */
        static Reply of(String[] fields) {
            String[] values = {"", "", "", ""};
            String[] keys = {"src=", "sport=", "dst=", "dport="};
            int[] seen = new int[keys.length];
            for (String field : fields) {
                for (int k = 0; k < keys.length; k++) {
                    if (field.startsWith(keys[k]) && ++seen[k] == 2) {
                        values[k] = field.substring(keys[k].length());
                    }
                }
            }
            return new Reply(values[0], values[1], values[2], values[3]);
        }

        @Override
        public String toString() {
            return source + ":" + sourcePort + ">" + destination + ":" + destinationPort;
        }
    }

    /** Column name to the sum over the per-CPU rows; entries taken once. */
    private static Map<String, Long> sumRows(String statistics) {
        Map<String, Long> sums = new HashMap<>();
        String[] lines = statistics.strip().split("\n");
        if (lines.length < 2) {
            return sums;
        }
        String[] names = lines[0].trim().split("\\s+");
        for (int row = 1; row < lines.length; row++) {
            String[] hex = lines[row].trim().split("\\s+");
            for (int i = 0; i < names.length && i < hex.length; i++) {
                long v = Long.parseUnsignedLong(hex[i], 16);
                sums.merge(names[i], v, names[i].equals("entries") ? (a, b) -> a : Long::sum);
            }
        }
        return sums;
    }
}
