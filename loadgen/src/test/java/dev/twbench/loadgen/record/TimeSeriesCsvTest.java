package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
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
        TimeSeries series = TimeSeries.read(file);
        assertEquals(TimeSeriesCsv.COLUMNS.stream().map(TimeSeriesCsv.Column::header).toList(), series.header());
        assertEquals(1, series.rows(Side.CLIENT).size());
        assertEquals(1, series.rows(Side.SERVER).size());
        TimeSeries.Columns cells = series.load("timeWaitSockets", "twRecycledCount", "twEnteredCount",
                "listenOverflowCount", "attemptsDueCount",
                "failedEADDRNOTAVAILCount", "failedOTHERCount", "connectP99Us", "cycleP99Us", "acceptedCount",
                "peerResetCount", "bindRetryCount", "agentRssKiB", "orchestratorHeapUsedKiB", "orchestratorHeapAfterGcKiB");
        assertEquals(100, series.rows(Side.CLIENT).elapsedMs(0));
        assertEquals(190, cells.get(Side.CLIENT, "timeWaitSockets").get(0));
        assertEquals(2, cells.get(Side.CLIENT, "twRecycledCount").get(0));
        assertEquals(0, cells.get(Side.CLIENT, "listenOverflowCount").get(0));
        assertFalse(cells.get(Side.CLIENT, "twEnteredCount").has(0), "not read at this tick");
        assertFalse(cells.get(Side.CLIENT, "acceptedCount").has(0), "server-only column");
        assertEquals(200, cells.get(Side.CLIENT, "attemptsDueCount").get(0));
        assertEquals(4, cells.get(Side.CLIENT, "failedEADDRNOTAVAILCount").get(0));
        assertEquals(1, cells.get(Side.CLIENT, "failedOTHERCount").get(0), "kinds without a column are summed into OTHER");
        assertEquals(900, cells.get(Side.CLIENT, "connectP99Us").get(0));
        assertFalse(cells.get(Side.CLIENT, "cycleP99Us").has(0), "no cycle latency recorded in this interval");
        assertEquals(Phase.DRAIN, series.rows(Side.SERVER).phase(0));
        assertFalse(cells.get(Side.SERVER, "timeWaitSockets").has(0), "not read at this tick");
        assertFalse(cells.get(Side.SERVER, "attemptsDueCount").has(0), "client-only column");
        assertEquals(190, cells.get(Side.SERVER, "acceptedCount").get(0));
        assertEquals(12, cells.get(Side.SERVER, "peerResetCount").get(0));
        assertEquals(5, cells.get(Side.SERVER, "listenOverflowCount").get(0));
        assertFalse(cells.get(Side.SERVER, "bindRetryCount").has(0), "client-only column");
        assertEquals(7, cells.get(Side.CLIENT, "bindRetryCount").get(0));
        assertEquals(181_234, cells.get(Side.CLIENT, "agentRssKiB").get(0));
        assertFalse(cells.get(Side.SERVER, "agentRssKiB").has(0), "the server agent was gone at this tick");
        assertEquals(52_000, cells.get(Side.SERVER, "orchestratorHeapUsedKiB").get(0));
        assertEquals(9_000, cells.get(Side.SERVER, "orchestratorHeapAfterGcKiB").get(0));
        assertEquals(2, Files.readAllLines(file).size() - 1);
    }
}
