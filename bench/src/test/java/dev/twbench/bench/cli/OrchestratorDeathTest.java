package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
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
 *
 * <p>The run goes through the NAT lab, whose third namespace, the router, holds a process of the
 * lab's own (it reads a pipe from the orchestrator, so it sees the orchestrator go) and the one
 * nftables rule: both must go too.
 *
 * <p>How soon an agent leaves is the machine's business (on a quiet one, well within a second: the
 * test prints it); that it noticed its orchestrator was gone, and left because of it, is what its
 * log says and what is asserted. The deadline only bounds the wait.
 */
@Isolated("it leaves a stale lab on purpose: another test's twbench start would remove it first")
class OrchestratorDeathTest {
    private static final long AGENT_EXIT_DEADLINE_MS = 60_000;

    @Test
    void agentsOfAKilledOrchestratorNoticeAndExitAndTheNextStartRemovesItsLab(@TempDir Path work)
            throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "500", "--duration", "30s", "--warmup", "0s",
                "--nat-ports", "20000", "--out", "out");
        Path runDir = RunFolderWait.runFolderWithRows(work.resolve("out"), 3 * 10);
        List<ProcessHandle> agents = new ArrayList<>();
        for (Side side : Side.ENDS) {
            long pid = RunResults.load(runDir).manifest().at("/lab/" + side.label() + "/agentPid").asLong();
            agents.add(ProcessHandle.of(pid).orElseThrow());
        }
        // The router's own process: the only one in its namespace.
        String router = RunResults.load(runDir).manifest().at("/lab/router/namespace").asText();
        List<Long> routerPids = Exec.run(List.of("ip", "netns", "pids", router)).orThrow().stdout().lines()
                .map(String::strip).filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
        assertEquals(1, routerPids.size(), "one process in the router namespace: " + routerPids);
        agents.add(ProcessHandle.of(routerPids.get(0)).orElseThrow());

        cli.signal("KILL");
        assertEquals(128 + 9, cli.waitFor(60));
        long orchestratorGoneNs = System.nanoTime();

        for (ProcessHandle agent : agents) {
            while (!hasExited(agent.pid())
                    && System.nanoTime() - orchestratorGoneNs < TimeUnit.MILLISECONDS.toNanos(AGENT_EXIT_DEADLINE_MS)) {
                Thread.sleep(10);
            }
            long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - orchestratorGoneNs);
            assertTrue(hasExited(agent.pid()), "agent " + agent.pid() + " still running " + exitMs
                    + " ms after its orchestrator died");
            System.out.println("agent " + agent.pid() + " exited " + exitMs + " ms after its orchestrator");
        }
        for (Side side : Side.ENDS) {
            // Either way of noticing: stdin closed, or the parent pid changed (ParentWatch).
            String log = Files.readString(new RunFolder(runDir).agentLog(side));
            assertTrue(log.contains("twbench agent: the orchestrator") && log.contains("is gone") && log.contains(
                    "exiting"), side.label() + " agent's log says why it left: " + log);
        }
        List<String> left = StaleLabs.namespacesOwnedBy(cli.pid());
        assertEquals(3, left.size(), "a SIGKILLed orchestrator cannot remove its lab: " + left);
        long rows = Files.readAllLines(runDir.resolve("timeseries.csv")).size() - 1;
        assertTrue(rows >= 3 * 10, rows + " rows stay on disk");
        assertTrue(TimeSeries.read(runDir.resolve("timeseries.csv")).size() == rows, "every row is whole");

        CliProcess next = CliProcess.start(work, "run", "--rate", "100", "--duration", "1s", "--no-drain", "--warmup",
                "0s", "--out", "next");
        assertEquals(0, next.waitFor(180), next.stderr());
        for (String namespace : left) {
            assertTrue(next.stdout().contains("removed stale lab namespace " + namespace
                    + " left by a run that ended abnormally (pid " + cli.pid() + " is gone)"), next.stdout());
        }
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(next.pid()));
    }

    /**
     * Gone, or a zombie: the orphan's new parent (init, here a container's) reaps it when it gets
     * round to it, which took up to 2 s on this machine; a zombie holds no socket, memory or CPU.
     * ProcessHandle.isAlive() counts a zombie as alive.
     */
    private static boolean hasExited(long pid) {
        try {
            String stat = ProcFiles.read(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }
}
