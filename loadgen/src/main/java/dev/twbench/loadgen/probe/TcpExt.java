package dev.twbench.loadgen.probe;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code TcpExt} section of {@code /proc/net/netstat}: a line of names and a line of values,
 * cumulative since the namespace was created. Which of them a run records is the counter
 * schema's business ({@link KernelCounters}); this only parses.
 */
public final class TcpExt {
    private TcpExt() {
    }

    /** Every TcpExt counter by the kernel's name ({@code TW}, {@code ListenOverflows}, ...). */
    public static Map<String, Long> parse(String netstat) {
        String[] lines = netstat.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("TcpExt:") && lines[i + 1].startsWith("TcpExt:")) {
                String[] names = lines[i].trim().split("\\s+");
                String[] values = lines[i + 1].trim().split("\\s+");
                Map<String, Long> byName = new HashMap<>();
                for (int k = 1; k < names.length && k < values.length; k++) {
                    byName.put(names[k], Long.parseLong(values[k]));
                }
                return byName;
            }
        }
        throw new IllegalArgumentException("no TcpExt section in netstat");
    }
}
