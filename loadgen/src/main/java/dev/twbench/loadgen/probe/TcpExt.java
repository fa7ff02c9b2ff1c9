package dev.twbench.loadgen.probe;

import java.util.Collection;
import java.util.Map;

/**
 * The {@code TcpExt} section of {@code /proc/net/netstat}: a line of names and a line of values,
 * cumulative since the namespace was created. Which of them a run records is the counter
 * schema's business ({@link KernelCounters}); this only parses.
 */
public final class TcpExt {
    private TcpExt() {
    }

    /** The TcpExt counters of {@code names} (kernel names: {@code TW}, {@code ListenOverflows}, ...) this kernel has. */
    public static Map<String, Long> parse(String netstat, Collection<String> names) {
        Map<String, Long> found = ProcText.headerAndValues(netstat, "TcpExt:", names);
        if (found == null) {
            throw new IllegalArgumentException("no TcpExt section in netstat");
        }
        return found;
    }
}
