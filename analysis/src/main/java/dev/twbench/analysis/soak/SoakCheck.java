package dev.twbench.analysis.soak;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.TimeSeriesCsv;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

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
    private static final String HEAP_AFTER_GC = "orchestratorHeapAfterGcKiB";

    private SoakCheck() {
    }

    /** @throws IllegalArgumentException for a run recorded before twbench recorded memory */
    public static SoakVerdict judge(RunResults run) {
        return judge(run.summary().runId(), run.manifest().at("/scenario/durationMs").asLong(),
                run.manifest().at("/scenario/intervalMs").asLong(), run.rows(Side.CLIENT), run.rows(Side.SERVER));
    }

    /** The same, from a run's rows of each side. */
    public static SoakVerdict judge(String runId, long durationMs, long intervalMs, List<TimeSeriesCsv.Row> clientRows,
            List<TimeSeriesCsv.Row> serverRows) {
        List<TimeSeriesCsv.Row> client = loadRows(clientRows);
        List<TimeSeriesCsv.Row> server = loadRows(serverRows);
        if (client.isEmpty() || !client.get(0).has("agentRssKiB")) {
            throw new IllegalArgumentException("run " + runId + " has no memory columns"
                    + " (recorded before twbench recorded agentRssKiB)");
        }
        // The warm-up is the first fifth of the load, at most a minute; each window is a tenth of it.
        long warmupMs = Math.min(MAX_WARMUP_MS, durationMs / 5);
        long windowMs = Math.max(intervalMs, durationMs / 10);
        List<MemorySeries> memory = new ArrayList<>();
        memory.add(series("client agent RSS", MemorySeries.Statistic.MEDIAN, client, r -> cell(r, "agentRssKiB"),
                warmupMs, windowMs));
        memory.add(series("server agent RSS", MemorySeries.Statistic.MEDIAN, server, r -> cell(r, "agentRssKiB"),
                warmupMs, windowMs));
        memory.add(orchestratorHeap(client, warmupMs, windowMs));
        long largestGapMs = Math.max(largestGapMs(client), largestGapMs(server));
        return new SoakVerdict(runId, durationMs, intervalMs, durationMs / intervalMs, afterBaseline(client),
                afterBaseline(server), largestGapMs, warmupMs, windowMs, memory);
    }

    private static List<TimeSeriesCsv.Row> loadRows(List<TimeSeriesCsv.Row> rows) {
        return rows.stream().filter(r -> r.phase() == Phase.LOAD).toList();
    }

    /** The load's rows after the baseline row taken at Go. */
    private static long afterBaseline(List<TimeSeriesCsv.Row> rows) {
        return rows.stream().filter(r -> r.getLong("elapsedMs") > 0).count();
    }

    private static long largestGapMs(List<TimeSeriesCsv.Row> rows) {
        long gap = 0;
        for (int i = 1; i < rows.size(); i++) {
            gap = Math.max(gap, rows.get(i).getLong("elapsedMs") - rows.get(i - 1).getLong("elapsedMs"));
        }
        return gap;
    }

    /** -1 for an empty cell (the agent was gone at that tick). */
    private static long cell(TimeSeriesCsv.Row row, String column) {
        return row.optLong(column).orElse(-1);
    }

    /**
     * The heap after each collection: the used heap's low points depend on when the collector
     * happened to run (a 10-minute soak at 5,000/s collected about every 80 s, so a window of a
     * minute may hold no collection at all). Only a load with no collection at all, whose heap
     * never outgrew the young generation, is judged on its used heap's floor.
     */
    private static MemorySeries orchestratorHeap(List<TimeSeriesCsv.Row> rows, long warmupMs, long windowMs) {
        boolean collected = rows.stream().anyMatch(r -> r.has(HEAP_AFTER_GC) && r.optLong(HEAP_AFTER_GC).isPresent());
        return collected
                ? series("orchestrator heap after GC", MemorySeries.Statistic.MEDIAN, rows, r -> cell(r, HEAP_AFTER_GC),
                        warmupMs, windowMs)
                : series("orchestrator heap used (no GC in the load)", MemorySeries.Statistic.MINIMUM, rows,
                        r -> cell(r, "orchestratorHeapUsedKiB"), warmupMs, windowMs);
    }

    private static MemorySeries series(String name, MemorySeries.Statistic statistic, List<TimeSeriesCsv.Row> rows,
            ToLongFunction<TimeSeriesCsv.Row> value, long warmupMs, long windowMs) {
        List<long[]> points = rows.stream().map(r -> new long[] {r.getLong("elapsedMs"), value.applyAsLong(r)})
                .filter(p -> p[1] >= 0).toList();
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no " + name + " recorded in the load");
        }
        long endMs = points.get(points.size() - 1)[0];
        Long atOneMinute = points.stream().filter(p -> p[0] >= ONE_MINUTE_MS).findFirst().map(p -> p[1]).orElse(null);
        long first = summarise(statistic, points, warmupMs, warmupMs + windowMs);
        long last = summarise(statistic, points, endMs - windowMs, endMs + 1);
        long allowed = Math.round(first * ALLOWED_GROWTH_FRACTION) + ALLOWED_GROWTH_FLOOR_KIB;
        return new MemorySeries(name, statistic, atOneMinute, points.get(points.size() - 1)[1], first, last, allowed);
    }

    /**
     * The median or minimum of the values with fromMs <= elapsed < toMs. A window without a value
     * (a heap after GC with no collection in it) takes the value in force: the last one before it,
     * or failing that the first one after it.
     */
    private static long summarise(MemorySeries.Statistic statistic, List<long[]> points, long fromMs, long toMs) {
        long[] values = points.stream().filter(p -> p[0] >= fromMs && p[0] < toMs).mapToLong(p -> p[1]).sorted()
                .toArray();
        if (values.length == 0) {
            return points.stream().filter(p -> p[0] < fromMs).reduce((a, b) -> b)
                    .or(() -> points.stream().filter(p -> p[0] >= toMs).findFirst()).orElseThrow()[1];
        }
        return statistic == MemorySeries.Statistic.MINIMUM ? values[0] : values[values.length / 2];
    }
}
