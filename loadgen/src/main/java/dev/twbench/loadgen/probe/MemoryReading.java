package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The memory of the run's own processes at one tick, so a long run shows whether anything grows:
 * each agent's resident set (VmRSS from {@code /proc/<pid>/status}: what the machine pays, heap and
 * native buffers alike) and the orchestrator's Java heap (the orchestrator keeps only running
 * values and writes every row out at once, so its heap must not grow with the run's length).
 * Read by {@link MemoryProbe}.
 *
 * @param agentRssKiB                per side; empty once that side's agent is gone
 * @param orchestratorHeapUsedKiB    this JVM's heap in use, garbage not yet collected included: a
 *                                   sawtooth whose low points depend on when the collector ran
 * @param orchestratorHeapAfterGcKiB the heap in use right after this JVM's latest collection, the
 *                                   closest a running JVM offers to its live data; empty before the first
 */
public record MemoryReading(Map<Side, OptionalLong> agentRssKiB, long orchestratorHeapUsedKiB,
        OptionalLong orchestratorHeapAfterGcKiB) {
    public MemoryReading {
        agentRssKiB = Map.copyOf(agentRssKiB);
    }

    public OptionalLong agentRssKiB(Side side) {
        return agentRssKiB.getOrDefault(side, OptionalLong.empty());
    }

    /** The schema's memory levels as one side's row carries them (the orchestrator's on both sides' rows). */
    public CounterValues values(Side side) {
        CounterValues.Builder values = CounterValues.builder().set(Counters.ORCHESTRATOR_HEAP_USED, orchestratorHeapUsedKiB);
        agentRssKiB(side).ifPresent(v -> values.set(Counters.AGENT_RSS, v));
        orchestratorHeapAfterGcKiB.ifPresent(v -> values.set(Counters.ORCHESTRATOR_HEAP_AFTER_GC, v));
        return values.build();
    }

    /** VmRSS of process {@code pid} in KiB; empty if the process is gone (or is a zombie, which has none). */
    public static OptionalLong rssKiB(long pid) {
        try {
            return parseVmRssKiB(ProcFiles.read(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmRSS:   123456 kB} line of a /proc/&lt;pid&gt;/status text. */
    static OptionalLong parseVmRssKiB(String status) {
        int at = status.indexOf("\nVmRSS:");
        if (at < 0) {
            return OptionalLong.empty();
        }
        int start = at + "\nVmRSS:".length();
        while (start < status.length() && !Character.isDigit(status.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < status.length() && Character.isDigit(status.charAt(end))) {
            end++;
        }
        return OptionalLong.of(Long.parseLong(status, start, end, 10));
    }
}
