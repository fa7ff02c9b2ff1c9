package dev.twbench.loadgen.probe;

import java.util.HashMap;
import java.util.Map;

/**
 * The TIME_WAIT counters of the {@code TcpExt} section of {@code /proc/net/netstat}, cumulative
 * since the namespace was created. Names are the kernel's.
 *
 * @param tw           sockets that entered TIME_WAIT with a timeout over 4 s
 * @param twKilled     same with a timeout of 4 s or less (FIN_WAIT2 orphans)
 * @param twRecycled   connect() took over a TIME_WAIT 4-tuple
 * @param twOverflow   TCPTimeWaitOverflow: TIME_WAIT skipped at tcp_max_tw_buckets
 * @param abortOnData  TCPAbortOnData: RST on close with SO_LINGER 0 and data pending
 * @param abortOnClose TCPAbortOnClose: RST on close with unread data
 */
public record TcpExt(long tw, long twKilled, long twRecycled, long twOverflow, long abortOnData, long abortOnClose) {

    public static final TcpExt ZERO = new TcpExt(0, 0, 0, 0, 0, 0);

    /** Parses the pair of {@code TcpExt:} lines (names, then values). */
    public static TcpExt parse(String netstat) {
        String[] lines = netstat.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("TcpExt:") && lines[i + 1].startsWith("TcpExt:")) {
                String[] names = lines[i].trim().split("\\s+");
                String[] values = lines[i + 1].trim().split("\\s+");
                Map<String, Long> byName = new HashMap<>();
                for (int k = 1; k < names.length && k < values.length; k++) {
                    byName.put(names[k], Long.parseLong(values[k]));
                }
                return new TcpExt(
                        byName.getOrDefault("TW", 0L),
                        byName.getOrDefault("TWKilled", 0L),
                        byName.getOrDefault("TWRecycled", 0L),
                        byName.getOrDefault("TCPTimeWaitOverflow", 0L),
                        byName.getOrDefault("TCPAbortOnData", 0L),
                        byName.getOrDefault("TCPAbortOnClose", 0L));
            }
        }
        throw new IllegalArgumentException("no TcpExt section in netstat");
    }

    /** Counts since {@code earlier}. */
    public TcpExt minus(TcpExt earlier) {
        return new TcpExt(tw - earlier.tw, twKilled - earlier.twKilled, twRecycled - earlier.twRecycled,
                twOverflow - earlier.twOverflow, abortOnData - earlier.abortOnData,
                abortOnClose - earlier.abortOnClose);
    }
}
