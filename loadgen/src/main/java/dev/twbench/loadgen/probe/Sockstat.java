package dev.twbench.loadgen.probe;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The TCP line of {@code /proc/net/sockstat}: {@code TCP: inuse 5 orphan 0 tw 12 alloc 7 mem 1}.
 * {@code tw} is the namespace's TIME_WAIT count, read in O(1) (it also counts FIN_WAIT2
 * orphans kept as TIME_WAIT-type objects, see docs/kernel-facts.md).
 */
public record Sockstat(long inUse, long orphan, long timeWait, long alloc, long memPages) {

    private static final List<String> FIELDS = List.of("inuse", "orphan", "tw", "alloc", "mem");

    public static Sockstat parse(String content) {
        Map<String, Long> f = tcpFields(content, FIELDS);
        if (!f.containsKey("inuse") || !f.containsKey("tw")) {
            throw new IllegalArgumentException("no 'TCP: inuse .. tw ..' line in sockstat: " + content.strip());
        }
        return new Sockstat(f.get("inuse"), f.getOrDefault("orphan", -1L), f.get("tw"), f.getOrDefault("alloc", -1L),
                f.getOrDefault("mem", -1L));
    }

    /** The TCP line's fields of {@code names} that it has. */
    static Map<String, Long> tcpFields(String content, Collection<String> names) {
        Map<String, Long> found = ProcText.alternating(content, "TCP:", names);
        if (found == null) {
            throw new IllegalArgumentException("no 'TCP:' line in sockstat: " + content.strip());
        }
        return found;
    }
}
