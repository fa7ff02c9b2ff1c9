package dev.twbench.analysis.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.record.TimeSeriesCsv;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The soak verdict's arithmetic, on rows this test writes itself (a 100 s load sampled once a
 * second): the memory values are stated here, not measured. SoakTest in bench judges a real run.
 */
class SoakCheckTest {
    private static final long DURATION_MS = 100_000;
    private static final long INTERVAL_MS = 1_000;

    @Test
    void steadyMemoryAfterAWarmupSpikeIsFlat() {
        // 300 MiB during the first 20 s (JIT, heap sizing), then 200 MiB for good.
        List<TimeSeriesCsv.Row> rows = rows("client", t -> t < 20_000 ? 300 * 1024 : 200 * 1024);
        SoakVerdict v = SoakCheck.judge("r", DURATION_MS, INTERVAL_MS, rows, rows("server", t -> 100 * 1024));
        assertTrue(v.passed(), v.toString());
        MemorySeries client = v.memory().get(0);
        assertEquals(20_000, v.warmupMs(), "a fifth of the load");
        assertEquals(200 * 1024, client.afterWarmupKiB());
        assertEquals(0, client.growthKiB());
        assertEquals(100, v.expectedLoadRows());
        assertEquals(100, v.clientLoadRows());
    }

    @Test
    void memoryThatGrowsWithTheLoadIsNotFlat() {
        // 1 MiB more every second: 70 MiB between the window after the warm-up and the last one,
        // above the 10% of 100 MiB + 8 MiB allowed.
        List<TimeSeriesCsv.Row> leaking = rows("server", t -> 100 * 1024 + t / 1000 * 1024);
        SoakVerdict v = SoakCheck.judge("r", DURATION_MS, INTERVAL_MS, rows("client", t -> 100 * 1024), leaking);
        MemorySeries server = v.memory().get(1);
        assertFalse(server.flat(), server.toString());
        assertEquals(120 * 1024 + 5 * 1024, server.afterWarmupKiB(), "median of 20..29 s");
        assertEquals(195 * 1024, server.lastWindowKiB(), "median of 90..100 s");
        assertFalse(v.passed());
    }

    @Test
    void theHeapIsJudgedAfterCollectionsNotOnItsSawtooth() {
        // Garbage piles up to 230 MiB and is collected back to 20 MiB every 30 s (so most 10 s
        // windows hold no collection): the level after GC is what stays put, and it is flat.
        List<TimeSeriesCsv.Row> client = rows("client", t -> 100 * 1024);
        for (TimeSeriesCsv.Row r : client) {
            long t = Long.parseLong(r.cells().get("elapsedMs"));
            r.cells().put("orchestratorHeapUsedKiB", Long.toString((20 + t % 30_000 / 1000 * 7) * 1024));
            r.cells().put("orchestratorHeapAfterGcKiB", t < 30_000 ? "" : Long.toString(20 * 1024));
        }
        SoakVerdict v = SoakCheck.judge("r", DURATION_MS, INTERVAL_MS, client, rows("server", t -> 100 * 1024));
        MemorySeries heap = v.memory().get(2);
        assertEquals("orchestrator heap after GC", heap.name());
        assertEquals(20 * 1024, heap.afterWarmupKiB(), "no collection before 30 s: the first one's level is taken");
        assertEquals(20 * 1024, heap.lastWindowKiB());
        assertTrue(heap.flat());
    }

    @Test
    void aHeapThatWasNeverCollectedIsJudgedOnItsFloor() {
        List<TimeSeriesCsv.Row> client = rows("client", t -> 100 * 1024);
        client.forEach(r -> r.cells().put("orchestratorHeapAfterGcKiB", ""));
        SoakVerdict v = SoakCheck.judge("r", DURATION_MS, INTERVAL_MS, client, rows("server", t -> 100 * 1024));
        MemorySeries heap = v.memory().get(2);
        assertEquals(MemorySeries.Statistic.MINIMUM, heap.statistic());
        assertEquals(30 * 1024, heap.lastWindowKiB());
    }

    @Test
    void aMissingIntervalFailsTheSoak() {
        List<TimeSeriesCsv.Row> client = new ArrayList<>(rows("client", t -> 100 * 1024));
        client.remove(50);
        SoakVerdict v = SoakCheck.judge("r", DURATION_MS, INTERVAL_MS, client, rows("server", t -> 100 * 1024));
        assertEquals(99, v.clientLoadRows());
        assertEquals(2_000, v.largestGapMs());
        assertFalse(v.everyInterval());
        assertFalse(v.passed());
    }

    @Test
    void aRunWithoutMemoryColumnsIsRefusedByName() {
        List<TimeSeriesCsv.Row> old = rows("client", t -> 1);
        old.forEach(r -> r.cells().remove("agentRssKiB"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoakCheck.judge("old-run", DURATION_MS, INTERVAL_MS, old, old));
        assertTrue(e.getMessage().contains("old-run"), e.getMessage());
    }

    /** One load row per second from 0 (the baseline) to the end, with the agent's RSS as given. */
    private static List<TimeSeriesCsv.Row> rows(String side, LongUnaryOperator rssKiBAt) {
        List<TimeSeriesCsv.Row> rows = new ArrayList<>();
        for (long t = 0; t <= DURATION_MS; t += INTERVAL_MS) {
            Map<String, String> cells = new HashMap<>();
            cells.put("elapsedMs", Long.toString(t));
            cells.put("side", side);
            cells.put("phase", "load");
            cells.put("agentRssKiB", Long.toString(rssKiBAt.applyAsLong(t)));
            cells.put("orchestratorHeapUsedKiB", Long.toString(30 * 1024));
            cells.put("orchestratorHeapAfterGcKiB", Long.toString(12 * 1024));
            rows.add(new TimeSeriesCsv.Row(cells));
        }
        return rows;
    }
}
