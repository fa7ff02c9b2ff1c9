package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.TimeSeriesCsv;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * twbench's orchestrator killed with SIGKILL gets no chance to clean up: its agents must notice
 * and leave by themselves, the samples it wrote stay on disk, and the next twbench start removes
 * the lab it left and says so.
 */
@Isolated("it leaves a stale lab on purpose: another test's twbench start would remove it first")
class OrchestratorDeathTest {
    private static final long AGENT_EXIT_LIMIT_MS = 1_000;

    @Test
    void agentsOfAKilledOrchestratorExitWithinASecondAndTheNextStartRemovesItsLab(@TempDir Path work)
            throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "500", "--duration", "30s", "--warmup", "0s",
                "--out", "out");
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        RunFolderWait.rows(runDir.resolve("timeseries.csv"), 2 * 10);
        List<ProcessHandle> agents = new ArrayList<>();
        for (Side side : Side.values()) {
            long pid = RunResults.load(runDir).manifest().at("/lab/" + side.label() + "/agentPid").asLong();
            agents.add(ProcessHandle.of(pid).orElseThrow());
        }

        cli.signal("KILL");
        assertEquals(128 + 9, cli.waitFor(10));
        long orchestratorGoneNs = System.nanoTime();

        for (ProcessHandle agent : agents) {
            while (agent.isAlive() && System.nanoTime() - orchestratorGoneNs < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - orchestratorGoneNs);
            assertFalse(agent.isAlive(), "agent " + agent.pid() + " still alive 5 s after its orchestrator died");
            assertTrue(exitMs <= AGENT_EXIT_LIMIT_MS, "agent " + agent.pid() + " took " + exitMs + " ms to exit");
        }
        List<String> left = StaleLabs.namespacesOwnedBy(cli.pid());
        assertEquals(2, left.size(), "a SIGKILLed orchestrator cannot remove its lab: " + left);
        long rows = Files.readAllLines(runDir.resolve("timeseries.csv")).size() - 1;
        assertTrue(rows >= 2 * 10, rows + " rows stay on disk");
        assertTrue(TimeSeriesCsv.read(runDir.resolve("timeseries.csv")).size() == rows, "every row is whole");

        CliProcess next = CliProcess.start(work, "run", "--rate", "100", "--duration", "1s", "--no-drain", "--warmup",
                "0s", "--out", "next");
        assertEquals(0, next.waitFor(60), next.stderr());
        for (String namespace : left) {
            assertTrue(next.stdout().contains("removed stale lab namespace " + namespace
                    + " left by a run that ended abnormally (pid " + cli.pid() + " is gone)"), next.stdout());
        }
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(next.pid()));
    }
}
