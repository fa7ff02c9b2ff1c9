package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The soak profile, shortened to 30 s (the note of issue 8 gives the full 10 minutes): 5,000
 * connections/s with tcp_tw_reuse on the client, every interval on disk for both sides, and both
 * agents' RSS and the orchestrator's heap in every row and flat after the warm-up.
 */
@ResourceLock(LoadLock.CPU)
class SoakTest {

    @Test
    void aThirtySecondSoakHasEveryIntervalAndFlatMemory(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "soak", "--duration", "30s", "--out", "out");
        assertEquals(0, cli.waitFor(180), cli.stdout() + cli.stderr());
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        RunResults run = RunResults.load(runDir);

        JsonNode scenario = run.manifest().path("scenario");
        assertEquals(5000, scenario.path("rateCps").asLong(), "the soak's default rate");
        assertEquals("1", scenario.at("/sysctlOverrides/client/net.ipv4.tcp_tw_reuse").asText());
        assertEquals(false, scenario.path("drain").asBoolean());
        assertEquals(RunOutcome.Kind.COMPLETED, run.summary().outcome().kind(), run.summary().endReason());

        JsonNode soak = new ObjectMapper().readTree(runDir.resolve("soak.json").toFile());
        assertEquals(300, soak.path("expectedLoadRows").asLong(), "30 s / 100 ms");
        assertTrue(soak.path("clientLoadRows").asLong() >= 300 && soak.path("serverLoadRows").asLong() >= 300,
                soak.toString());
        assertTrue(soak.path("passed").asBoolean(), soak.toString());
        assertEquals(3, soak.path("memory").size());
        TimeSeries.Columns memory = run.series().load("agentRssKiB", "orchestratorHeapUsedKiB");
        for (Side side : Side.values()) {
            TimeSeries.Rows rows = run.rows(side);
            assertEquals(run.summary().samples(), rows.size(), side.label() + ": a row at every tick");
            for (int i = 0; i < rows.size(); i++) {
                // A JVM with Netty loaded is tens of MiB resident; the orchestrator's heap is never empty.
                long rssKiB = memory.get(side, "agentRssKiB").get(i);
                assertTrue(rssKiB > 20 * 1024, side.label() + " RSS " + rssKiB + " KiB at " + rows.elapsedMs(i) + " ms");
                assertTrue(memory.get(side, "orchestratorHeapUsedKiB").get(i) > 0, "heap at " + rows.elapsedMs(i) + " ms");
            }
        }
        assertTrue(cli.stdout().contains("verdict: passed"), cli.stdout());
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
    }
}
