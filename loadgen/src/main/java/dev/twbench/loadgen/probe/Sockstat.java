package dev.twbench.loadgen.probe;

/**
 * The TCP line of {@code /proc/net/sockstat}: {@code TCP: inuse 5 orphan 0 tw 12 alloc 7 mem 1}.
 * {@code tw} is the namespace's TIME_WAIT count, read in O(1) (it also counts FIN_WAIT2
 * orphans kept as TIME_WAIT-type objects, see docs/kernel-facts.md).
 */
public record Sockstat(long inUse, long orphan, long timeWait, long alloc, long memPages) {

    public static Sockstat parse(String content) {
        for (String line : content.split("\n")) {
            if (line.startsWith("TCP:")) {
                String[] f = line.trim().split("\\s+");
                long inUse = -1, orphan = -1, tw = -1, alloc = -1, mem = -1;
                for (int i = 1; i + 1 < f.length; i += 2) {
                    long v = Long.parseLong(f[i + 1]);
                    switch (f[i]) {
                        case "inuse" -> inUse = v;
                        case "orphan" -> orphan = v;
                        case "tw" -> tw = v;
                        case "alloc" -> alloc = v;
                        case "mem" -> mem = v;
                        default -> { }
                    }
                }
                if (inUse < 0 || tw < 0) {
                    break;
                }
                return new Sockstat(inUse, orphan, tw, alloc, mem);
            }
        }
        throw new IllegalArgumentException("no 'TCP: inuse .. tw ..' line in sockstat: " + content.strip());
    }
}
