package dev.twbench.analysis.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.record.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak verdict's arithmetic, on a timeseries.csv this test writes itself (a 100 s load sampled
 * once a second): the memory values are stated here, not measured. SoakTest in bench judges a real run.
 */
class SoakCheckTest {
    private static final long DURATION_MS = 100_000;
    private static final long INTERVAL_MS = 1_000;
    private static final String RUN_ID = "20261121-000000-soak";
    private static final String HEADER = "elapsedMs,side,phase,agentRssKiB,orchestratorHeapUsedKiB,"
            + "orchestratorHeapAfterGcKiB";

    @TempDir
    Path dir;

    @Test
    void steadyMemoryAfterAWarmupSpikeIsFlat() throws Exception {
        // 300 MiB during the first 20 s (JIT, heap sizing), then 200 MiB for good.
        SoakVerdict v = judge(HEADER, rows("client", t -> t < 20_000 ? 300 * 1024 : 200 * 1024),
                rows("server", t -> 100 * 1024));
        assertTrue(v.passed(), v.toString());
        MemorySeries client = v.memory().get(0);
        assertEquals(20_000, v.warmupMs(), "a fifth of the load");
        assertEquals(200 * 1024, client.afterWarmupKiB());
        assertEquals(0, client.growthKiB());
        assertEquals(100, v.expectedLoadRows());
        assertEquals(100, v.clientLoadRows());
    }

    @Test
    void memoryThatGrowsWithTheLoadIsNotFlat() throws Exception {
        // 1 MiB more every second: 70 MiB between the window after the warm-up and the last one,
        // above the 10% of 100 MiB + 8 MiB allowed.
        SoakVerdict v = judge(HEADER, rows("client", t -> 100 * 1024),
                rows("server", t -> 100 * 1024 + t / 1000 * 1024));
        MemorySeries server = v.memory().get(1);
        assertFalse(server.flat(), server.toString());
        assertEquals(120 * 1024 + 5 * 1024, server.afterWarmupKiB(), "median of 20..29 s");
        assertEquals(195 * 1024, server.lastWindowKiB(), "median of 90..100 s");
        assertFalse(v.passed());
    }

    @Test
    void theHeapIsJudgedAfterCollectionsNotOnItsSawtooth() throws Exception {
        // Garbage piles up to 230 MiB and is collected back to 20 MiB every 30 s (so most 10 s
        // windows hold no collection): the level after GC is what stays put, and it is flat.
        List<String> client = rows("client", t -> 100 * 1024,
                t -> (20 + t % 30_000 / 1000 * 7) * 1024, t -> t < 30_000 ? "" : Long.toString(20 * 1024));
        SoakVerdict v = judge(HEADER, client, rows("server", t -> 100 * 1024));
        MemorySeries heap = v.memory().get(2);
        assertEquals("orchestrator heap after GC", heap.name());
        assertEquals(20 * 1024, heap.afterWarmupKiB(), "no collection before 30 s: the first one's level is taken");
        assertEquals(20 * 1024, heap.lastWindowKiB());
        assertTrue(heap.flat());
    }

    @Test
    void aHeapThatWasNeverCollectedIsJudgedOnItsFloor() throws Exception {
        List<String> client = rows("client", t -> 100 * 1024, t -> 30 * 1024, t -> "");
        SoakVerdict v = judge(HEADER, client, rows("server", t -> 100 * 1024));
        MemorySeries heap = v.memory().get(2);
        assertEquals(MemorySeries.Statistic.MINIMUM, heap.statistic());
        assertEquals(30 * 1024, heap.lastWindowKiB());
    }

    @Test
    void aMissingIntervalFailsTheSoak() throws Exception {
        List<String> client = new ArrayList<>(rows("client", t -> 100 * 1024));
        client.remove(50);
        SoakVerdict v = judge(HEADER, client, rows("server", t -> 100 * 1024));
        assertEquals(99, v.clientLoadRows());
        assertEquals(2_000, v.largestGapMs());
        assertFalse(v.everyInterval());
        assertFalse(v.passed());
    }

    @Test
    void aRunWithoutMemoryColumnsIsRefusedByName() throws Exception {
        List<String> old = List.of("0,client,load", "0,server,load", "1000,client,load", "1000,server,load");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> judge("elapsedMs,side,phase", old, List.of()));
        assertTrue(e.getMessage().contains(RUN_ID), e.getMessage());
    }

    /** One load row per second from 0 (the baseline) to the end, with the agent's RSS as given. */
    private static List<String> rows(String side, LongUnaryOperator rssKiBAt) {
        return rows(side, rssKiBAt, t -> 30 * 1024, t -> Long.toString(12 * 1024));
    }

    private static List<String> rows(String side, LongUnaryOperator rssKiBAt, LongUnaryOperator heapUsedKiBAt,
            LongFunction<String> heapAfterGcKiBAt) {
        List<String> rows = new ArrayList<>();
        for (long t = 0; t <= DURATION_MS; t += INTERVAL_MS) {
            rows.add(t + "," + side + ",load," + rssKiBAt.applyAsLong(t) + "," + heapUsedKiBAt.applyAsLong(t) + ","
                    + heapAfterGcKiBAt.apply(t));
        }
        return rows;
    }

    /** timeseries.csv with both sides' rows, read back as a run's series and judged. */
    private SoakVerdict judge(String header, List<String> clientRows, List<String> serverRows) throws Exception {
        List<String> lines = new ArrayList<>(List.of(header));
        lines.addAll(clientRows);
        lines.addAll(serverRows);
        Path csv = dir.resolve("timeseries.csv");
        Files.write(csv, lines);
        return SoakCheck.judge(RUN_ID, DURATION_MS, INTERVAL_MS, TimeSeries.read(csv));
    }
}
