package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {

    @Test
    void everyCounterOfTheSchemaHasAColumnAndEveryOtherNumericHeaderCarriesItsUnit() {
        List<String> headers = TimeSeriesCsv.COLUMNS.stream().map(TimeSeriesCsv.Column::header).toList();
        Counters.ALL.forEach(c -> assertTrue(headers.contains(c.column()), c.column()));
        for (String h : headers) {
            assertTrue(h.equals("side") || h.equals("phase") || h.endsWith("Ms") || h.endsWith("Us")
                    || Counters.byColumn(h).isPresent(), h);
        }
    }

    @Test
    void rowsReadBackAsWrittenWithClientOnlyCellsEmptyOnServerRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeseries.csv");
        CounterValues client = CounterValues.builder().set(Counters.TIME_WAIT, 190).set(Counters.TCP_IN_USE, 7)
                .set(Counters.TW_RECYCLED, 2).set(Counters.LISTEN_OVERFLOWS, 0).set(Counters.ATTEMPTS_DUE, 200)
                .set(Counters.BIND_RETRIES, 7).set(Counters.ACCEPTED, 0)
                .failures(Map.of("EADDRNOTAVAIL", 4L, "ERRNO_200", 1L)).set(Counters.AGENT_RSS, 181_234)
                .set(Counters.ORCHESTRATOR_HEAP_USED, 52_000).build();
        CounterValues server = CounterValues.builder().set(Counters.TCP_IN_USE, 3).set(Counters.ATTEMPTS_DUE, 0)
                .set(Counters.ACCEPTED, 190).set(Counters.PEER_RESETS, 12).set(Counters.LISTEN_OVERFLOWS, 5)
                .set(Counters.ORCHESTRATOR_HEAP_USED, 52_000).set(Counters.ORCHESTRATOR_HEAP_AFTER_GC, 9_000).build();
        try (TimeSeriesCsv csv = new TimeSeriesCsv(file)) {
            csv.append(List.of(
                    new SampleRow(100, Side.CLIENT, Phase.LOAD, client, new LatencyDigest(190, 300, 900, 950, 1000),
                            LatencyDigest.EMPTY),
                    new SampleRow(100, Side.SERVER, Phase.DRAIN, server, LatencyDigest.EMPTY, LatencyDigest.EMPTY)));
        }
        List<TimeSeriesCsv.Row> rows = TimeSeriesCsv.read(file);
        assertEquals(2, rows.size());
        TimeSeriesCsv.Row c = rows.get(0);
        assertEquals(Side.CLIENT, c.side());
        assertEquals(190, c.getLong("timeWaitSockets"));
        assertEquals(2, c.getLong("twRecycledCount"));
        assertEquals(0, c.getLong("listenOverflowCount"));
        assertEquals(200, c.getLong("attemptsDueCount"));
        assertEquals(4, c.getLong("failedEADDRNOTAVAILCount"));
        assertEquals(1, c.getLong("failedOTHERCount"), "kinds without a column are summed into OTHER");
        assertTrue(c.optLong("acceptedCount").isEmpty(), "server-only column");
        assertTrue(c.optLong("twEnteredCount").isEmpty(), "not read at this tick");
        assertEquals(900, c.getLong("connectP99Us"));
        assertTrue(c.optLong("cycleP99Us").isEmpty(), "no cycle latency recorded in this interval");
        assertEquals(7, c.getLong("bindRetryCount"));
        assertEquals(181_234, c.getLong("agentRssKiB"));
        TimeSeriesCsv.Row s = rows.get(1);
        assertEquals(Phase.DRAIN, s.phase());
        assertTrue(s.optLong("timeWaitSockets").isEmpty(), "not read at this tick");
        assertTrue(s.optLong("attemptsDueCount").isEmpty(), "client-only column");
        assertEquals(190, s.getLong("acceptedCount"));
        assertEquals(12, s.getLong("peerResetCount"));
        assertEquals(5, s.getLong("listenOverflowCount"));
        assertTrue(s.optLong("bindRetryCount").isEmpty(), "client-only column");
        assertTrue(s.optLong("agentRssKiB").isEmpty(), "the server agent was gone at this tick");
        assertEquals(52_000, s.getLong("orchestratorHeapUsedKiB"));
        assertEquals(9_000, s.getLong("orchestratorHeapAfterGcKiB"));
        assertEquals(2, Files.readAllLines(file).size() - 1);
    }
}
