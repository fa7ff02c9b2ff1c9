package dev.twbench.loadgen.probe;

import com.sun.management.GcInfo;
import dev.twbench.loadgen.scenario.Side;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a {@link MemoryReading} at each tick: the agents' RSS by pid, and this JVM's heap. The
 * heap after the latest collection is worked out again only when a collection has happened (a
 * GcInfo is a map of composite data: built every 100 ms it would be garbage in the heap it
 * measures; in the 10-minute reference soak the orchestrator collected about every 80 s).
 *
 * <pre>{@code
 * MemoryProbe memory = new MemoryProbe();           // one per run
 * MemoryReading m = memory.read(Map.of(Side.CLIENT, clientPid, Side.SERVER, serverPid));
 * }</pre>
 */
public final class MemoryProbe {
    private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    private long collectionsSeen = -1;
    private OptionalLong heapAfterGcKiB = OptionalLong.empty();

    /** Reads both agents (by pid; a side absent from the map reads as empty) and this JVM's heap. */
    public MemoryReading read(Map<Side, Long> agentPids) {
        Map<Side, OptionalLong> rss = new EnumMap<>(Side.class);
        agentPids.forEach((side, pid) -> rss.put(side, MemoryReading.rssKiB(pid)));
        return new MemoryReading(rss, HEAP.getHeapMemoryUsage().getUsed() / 1024, heapAfterLatestGcKiB());
    }

    /** The heap pools' usage after the most recent collection of any collector; empty before the first. */
    OptionalLong heapAfterLatestGcKiB() {
        long collections = COLLECTORS.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        if (collections != collectionsSeen) {
            collectionsSeen = collections;
            heapAfterGcKiB = latestGcInfo().map(gc -> OptionalLong.of(heapKiB(gc))).orElse(OptionalLong.empty());
        }
        return heapAfterGcKiB;
    }

    private static Optional<GcInfo> latestGcInfo() {
        GcInfo latest = null;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean withInfo) {
                GcInfo info = withInfo.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private static long heapKiB(GcInfo gc) {
        long bytes = 0;
        for (Map.Entry<String, MemoryUsage> pool : gc.getMemoryUsageAfterGc().entrySet()) {
            if (HEAP_POOLS.contains(pool.getKey())) {
                bytes += pool.getValue().getUsed();
            }
        }
        return bytes / 1024;
    }
}
