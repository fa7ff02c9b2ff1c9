package dev.twbench.analysis.soak;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Judges a finished run as a soak: are all of its intervals on disk, and is memory flat once
 * warmed up? Reads only what the run recorded (timeseries.csv and run.json).
 *
 * <pre>{@code
 * SoakVerdict verdict = SoakCheck.judge(RunResults.load(runDir));
 * if (!verdict.passed()) { ... }
 * }</pre>
 *
 * <p>Flat means the last window of the load is at most {@link #ALLOWED_GROWTH_FRACTION} above the
 * window right after the warm-up, plus {@link #ALLOWED_GROWTH_FLOOR_KIB}. A leak tied to the load
 * is far larger: one 64-byte object kept per connection at 5,000/s is 18 MiB a minute, 165 MiB over
 * the nine minutes a 10-minute soak judges.
 */
public final class SoakCheck {
    static final double ALLOWED_GROWTH_FRACTION = 0.10;
    /** Room for a JVM's code cache and heap-region bookkeeping, which settle late. */
    static final long ALLOWED_GROWTH_FLOOR_KIB = 8 * 1024;
    /** A JVM's JIT and heap sizing settle within the first minute. */
    private static final long MAX_WARMUP_MS = 60_000;
    private static final long ONE_MINUTE_MS = 60_000;

    private SoakCheck() {
    }

    /** @throws IllegalArgumentException for a run recorded before twbench recorded memory */
    public static SoakVerdict judge(RunResults run) throws IOException {
        return judge(run.summary().runId(), run.manifest().at("/scenario/durationMs").asLong(),
                run.manifest().at("/scenario/intervalMs").asLong(), run.series());
    }

    /** The same, from a run's time series (one pass over it for the memory columns). */
    public static SoakVerdict judge(String runId, long durationMs, long intervalMs, TimeSeries series)
            throws IOException {
        if (!series.hasColumn(Counters.AGENT_RSS) || loadRows(series.rows(Side.CLIENT)).length == 0) {
            throw new IllegalArgumentException("run " + runId + " has no memory columns"
                    + " (recorded before twbench recorded agentRssKiB)");
        }
        TimeSeries.Columns loaded = series.load(Counters.AGENT_RSS, Counters.ORCHESTRATOR_HEAP_USED, Counters.ORCHESTRATOR_HEAP_AFTER_GC);
        // The warm-up is the first fifth of the load, at most a minute; each window is a tenth of it.
        long warmupMs = Math.min(MAX_WARMUP_MS, durationMs / 5);
        long windowMs = Math.max(intervalMs, durationMs / 10);
        List<MemorySeries> memory = new ArrayList<>();
        memory.add(series("client agent RSS", MemorySeries.Statistic.MEDIAN, loaded.get(Side.CLIENT, Counters.AGENT_RSS),
                warmupMs, windowMs));
        memory.add(series("server agent RSS", MemorySeries.Statistic.MEDIAN, loaded.get(Side.SERVER, Counters.AGENT_RSS),
                warmupMs, windowMs));
        memory.add(orchestratorHeap(loaded.get(Side.CLIENT, Counters.ORCHESTRATOR_HEAP_AFTER_GC), loaded.get(Side.CLIENT, Counters.ORCHESTRATOR_HEAP_USED),
                warmupMs, windowMs));
        TimeSeries.Rows client = series.rows(Side.CLIENT);
        TimeSeries.Rows server = series.rows(Side.SERVER);
        long largestGapMs = Math.max(largestGapMs(client), largestGapMs(server));
        return new SoakVerdict(runId, durationMs, intervalMs, durationMs / intervalMs, afterBaseline(client),
                afterBaseline(server), largestGapMs, warmupMs, windowMs, memory);
    }

    /** The indexes of the side's load rows, in order. */
    private static int[] loadRows(TimeSeries.Rows rows) {
        return IntStream.range(0, rows.size()).filter(i -> rows.phase(i) == Phase.LOAD).toArray();
    }

    /** The load's rows after the baseline row taken at Go. */
    private static long afterBaseline(TimeSeries.Rows rows) {
        return Arrays.stream(loadRows(rows)).filter(i -> rows.elapsedMs(i) > 0).count();
    }

    private static long largestGapMs(TimeSeries.Rows rows) {
        int[] load = loadRows(rows);
        long gap = 0;
        for (int i = 1; i < load.length; i++) {
            gap = Math.max(gap, rows.elapsedMs(load[i]) - rows.elapsedMs(load[i - 1]));
        }
        return gap;
    }

    /**
     * The heap after each collection: the used heap's low points depend on when the collector
     * happened to run (a 10-minute soak at 5,000/s collected about every 80 s, so a window of a
     * minute may hold no collection at all). Only a load with no collection at all, whose heap
     * never outgrew the young generation, is judged on its used heap's floor.
     */
    private static MemorySeries orchestratorHeap(TimeSeries.Column afterGc, TimeSeries.Column used, long warmupMs,
            long windowMs) {
        boolean collected = Arrays.stream(loadRows(afterGc.rows())).anyMatch(afterGc::has);
        return collected
                ? series("orchestrator heap after GC", MemorySeries.Statistic.MEDIAN, afterGc, warmupMs, windowMs)
                : series("orchestrator heap used (no GC in the load)", MemorySeries.Statistic.MINIMUM, used, warmupMs,
                        windowMs);
    }

    /** The load rows' values of a column, leaving out empty cells (the agent was gone at that tick). */
    private static MemorySeries series(String name, MemorySeries.Statistic statistic, TimeSeries.Column column,
            long warmupMs, long windowMs) {
        int[] rows = Arrays.stream(loadRows(column.rows())).filter(column::has).toArray();
        if (rows.length == 0) {
            throw new IllegalArgumentException("no " + name + " recorded in the load");
        }
        long[] ms = Arrays.stream(rows).mapToLong(i -> column.rows().elapsedMs(i)).toArray();
        long[] kib = Arrays.stream(rows).mapToLong(column::get).toArray();
        long endMs = ms[ms.length - 1];
        Long atOneMinute = IntStream.range(0, ms.length).filter(i -> ms[i] >= ONE_MINUTE_MS).mapToObj(i -> kib[i])
                .findFirst().orElse(null);
        long first = summarise(statistic, ms, kib, warmupMs, warmupMs + windowMs);
        long last = summarise(statistic, ms, kib, endMs - windowMs, endMs + 1);
        long allowed = Math.round(first * ALLOWED_GROWTH_FRACTION) + ALLOWED_GROWTH_FLOOR_KIB;
        return new MemorySeries(name, statistic, atOneMinute, kib[kib.length - 1], first, last, allowed);
    }

    /**
     * The median or minimum of the values with fromMs <= elapsed < toMs. A window without a value
     * (a heap after GC with no collection in it) takes the value in force: the last one before it,
     * or failing that the first one after it.
     */
    private static long summarise(MemorySeries.Statistic statistic, long[] ms, long[] kib, long fromMs, long toMs) {
        long[] values = IntStream.range(0, ms.length).filter(i -> ms[i] >= fromMs && ms[i] < toMs)
                .mapToLong(i -> kib[i]).sorted().toArray();
        if (values.length == 0) {
            int before = IntStream.range(0, ms.length).filter(i -> ms[i] < fromMs).max().orElse(-1);
            int after = IntStream.range(0, ms.length).filter(i -> ms[i] >= toMs).findFirst().orElseThrow();
            return kib[before >= 0 ? before : after];
        }
        return statistic == MemorySeries.Statistic.MINIMUM ? values[0] : values[values.length / 2];
    }
}
