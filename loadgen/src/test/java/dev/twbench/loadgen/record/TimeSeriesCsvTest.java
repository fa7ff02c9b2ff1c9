package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        List<TimeSeriesCsv.Row> rows = TimeSeriesCsv.read(file);
        assertEquals(2, rows.size());
        TimeSeriesCsv.Row c = rows.get(0);
        assertEquals(Side.CLIENT, c.side());
        assertEquals(190, c.getLong("timeWaitSockets"));
        assertEquals(2, c.getLong("twRecycledCount"));
        assertEquals(200, c.getLong("attemptsDueCount"));
        assertEquals(4, c.getLong("failedEADDRNOTAVAILCount"));
        assertEquals(1, c.getLong("failedOTHERCount"), "kinds without a column are summed into OTHER");
        assertEquals(900, c.getLong("connectP99Us"));
        assertTrue(c.optLong("cycleP99Us").isEmpty(), "no cycle latency recorded in this interval");
        TimeSeriesCsv.Row s = rows.get(1);
        assertEquals(Phase.DRAIN, s.phase());
        assertTrue(s.optLong("timeWaitSockets").isEmpty(), "not read at this tick");
        assertTrue(s.optLong("attemptsDueCount").isEmpty(), "client-only column");
        assertEquals(190, s.getLong("acceptedCount"));
        assertEquals(12, s.getLong("peerResetCount"));
        assertTrue(s.optLong("bindRetryCount").isEmpty(), "client-only column");
        assertEquals(7, c.getLong("bindRetryCount"));
        assertEquals(181_234, c.getLong("agentRssKiB"));
        assertTrue(s.optLong("agentRssKiB").isEmpty(), "the server agent was gone at this tick");
        assertEquals(52_000, s.getLong("orchestratorHeapUsedKiB"));
        assertEquals(9_000, s.getLong("orchestratorHeapAfterGcKiB"));
        assertEquals(2, Files.readAllLines(file).size() - 1);
    }
}
