package dev.twbench.loadgen.probe;

import java.util.HashMap;
import java.util.Map;

/**
 * The TCP line of {@code /proc/net/sockstat}: {@code TCP: inuse 5 orphan 0 tw 12 alloc 7 mem 1}.
 * {@code tw} is the namespace's TIME_WAIT count, read in O(1) (it also counts FIN_WAIT2
 * orphans kept as TIME_WAIT-type objects, see docs/kernel-facts.md).
 */
public record Sockstat(long inUse, long orphan, long timeWait, long alloc, long memPages) {

    public static Sockstat parse(String content) {
        Map<String, Long> f = tcpFields(content);
        return new Sockstat(f.get("inuse"), f.getOrDefault("orphan", -1L), f.get("tw"), f.getOrDefault("alloc", -1L),
                f.getOrDefault("mem", -1L));
    }

    /** The TCP line's fields by name; it has at least {@code inuse} and {@code tw}. */
    static Map<String, Long> tcpFields(String content) {
        for (String line : content.split("\n")) {
            if (line.startsWith("TCP:")) {
                String[] f = line.trim().split("\\s+");
                Map<String, Long> byName = new HashMap<>();
                for (int i = 1; i + 1 < f.length; i += 2) {
                    byName.put(f[i], Long.parseLong(f[i + 1]));
                }
                if (byName.containsKey("inuse") && byName.containsKey("tw")) {
                    return byName;
                }
                break;
            }
        }
        throw new IllegalArgumentException("no 'TCP: inuse .. tw ..' line in sockstat: " + content.strip());
    }
}
