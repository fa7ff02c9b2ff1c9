package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.probe.TcpExt;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {

    @Test
    void everyNumericHeaderCarriesItsUnit() {
        for (TimeSeriesCsv.Column c : TimeSeriesCsv.COLUMNS) {
            String h = c.header();
            assertTrue(h.equals("side") || h.equals("phase") || h.endsWith("Ms") || h.endsWith("Us")
                    || h.endsWith("Count") || h.endsWith("Sockets") || h.endsWith("Connections") || h.endsWith("KiB"), h);
        }
    }

    @Test
    void rowsReadBackAsWrittenWithClientOnlyCellsEmptyOnServerRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeseries.csv");
        AgentCounts client = new AgentCounts(200, 199, 198, 190, 3, 0, 0, 7, 5,
                Map.of("EADDRNOTAVAIL", 4L, "ERRNO_200", 1L));
        AgentCounts server = new AgentCounts(0, 0, 0, 188, 0, 190, 12, 0, 0, Map.of());
        try (TimeSeriesCsv csv = new TimeSeriesCsv(file)) {
            csv.append(List.of(
                    new SampleRow(100, Side.CLIENT, Phase.LOAD, OptionalLong.of(190), 7, new TcpExt(190, 0, 2, 0, 0, 0),
                            client, 4, new LatencyDigest(190, 300, 900, 950, 1000), LatencyDigest.EMPTY,
                            OptionalLong.of(181_234), 52_000, OptionalLong.of(9_000)),
                    new SampleRow(100, Side.SERVER, Phase.DRAIN, OptionalLong.empty(), 3, TcpExt.ZERO, server, 2,
                            LatencyDigest.EMPTY, LatencyDigest.EMPTY, OptionalLong.empty(), 52_000, OptionalLong.of(9_000))));
        }
        TimeSeries series = TimeSeries.read(file);
        assertEquals(TimeSeriesCsv.COLUMNS.stream().map(TimeSeriesCsv.Column::header).toList(), series.header());
        assertEquals(1, series.rows(Side.CLIENT).size());
        assertEquals(1, series.rows(Side.SERVER).size());
        TimeSeries.Columns cells = series.load("timeWaitSockets", "twRecycledCount", "attemptsDueCount",
                "failedEADDRNOTAVAILCount", "failedOTHERCount", "connectP99Us", "cycleP99Us", "acceptedCount",
                "peerResetCount", "bindRetryCount", "agentRssKiB", "orchestratorHeapUsedKiB", "orchestratorHeapAfterGcKiB");
        assertEquals(100, series.rows(Side.CLIENT).elapsedMs(0));
        assertEquals(190, cells.get(Side.CLIENT, "timeWaitSockets").get(0));
        assertEquals(2, cells.get(Side.CLIENT, "twRecycledCount").get(0));
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
        assertFalse(cells.get(Side.SERVER, "bindRetryCount").has(0), "client-only column");
        assertEquals(7, cells.get(Side.CLIENT, "bindRetryCount").get(0));
        assertEquals(181_234, cells.get(Side.CLIENT, "agentRssKiB").get(0));
        assertFalse(cells.get(Side.SERVER, "agentRssKiB").has(0), "the server agent was gone at this tick");
        assertEquals(52_000, cells.get(Side.SERVER, "orchestratorHeapUsedKiB").get(0));
        assertEquals(9_000, cells.get(Side.SERVER, "orchestratorHeapAfterGcKiB").get(0));
        assertEquals(2, Files.readAllLines(file).size() - 1);
    }
}
