package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sweep.SweepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that ends early, by Ctrl-C or because an agent died, keeps every sample so far, says why
 * in summary.json, and leaves no lab or agent behind.
 */
class AbnormalEndTest {

    @Test
    void sigintKeepsEveryIntervalAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "1000", "--duration", "30s", "--out", "out",
                "--name", "sigint");
        Path runDir = awaitRunFolder(work.resolve("out"));
        Path csv = runDir.resolve("timeseries.csv");
        long rowsBeforeSignal = awaitRows(csv, 30);
        cli.signal("INT");
        assertEquals(130, cli.waitFor(60), cli.stderr());

        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertTrue(summary.interrupted());
        assertEquals("interrupted", summary.endReason());
        assertTrue(results.rows().size() >= rowsBeforeSignal, results.rows().size() + " rows after, " + rowsBeforeSignal
                + " before");
        for (Side side : Side.values()) {
            List<Long> elapsed = results.rows(side).stream().map(r -> r.getLong("elapsedMs")).toList();
            assertEquals(summary.samples(), elapsed.size(), side.label() + " rows");
            // A late tick is caught up, never skipped: one row per 100 ms interval up to the last row
            // (give or take a second's lateness of that last tick on a busy machine).
            long lastMs = elapsed.get(elapsed.size() - 1);
            assertTrue(elapsed.size() >= lastMs / 100 - 10, elapsed.size() + " " + side.label() + " rows up to "
                    + lastMs + " ms");
        }
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        for (String side : List.of("client", "server")) {
            long agent = results.manifest().at("/lab/" + side + "/agentPid").asLong();
            assertTrue(agent > 0);
            assertTrue(ProcessHandle.of(agent).map(p -> !p.isAlive()).orElse(true), side + " agent " + agent + " ended");
        }
        assertTrue(cli.stdout().contains("run " + runDir.getFileName() + ": interrupted"), cli.stdout());
    }

    @Test
    void anAgentKilledMidRunEndsTheRunWithItsReasonAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "1000", "--duration", "30s", "--out", "out");
        Path runDir = awaitRunFolder(work.resolve("out"));
        awaitRows(runDir.resolve("timeseries.csv"), 20);
        JsonNode run = RunResults.load(runDir).manifest();
        long server = run.at("/lab/server/agentPid").asLong();
        long client = run.at("/lab/client/agentPid").asLong();
        ProcessHandle.of(server).orElseThrow().destroyForcibly(); // SIGKILL, by the pid twbench recorded

        assertEquals(1, cli.waitFor(60), "a run that could not complete: " + cli.stderr());
        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertTrue(summary.endReason().contains("server agent") && summary.endReason().contains("exited"),
                summary.endReason());
        assertTrue(!summary.interrupted());
        assertEquals(summary.samples(), results.rows(Side.CLIENT).size());
        assertTrue(results.total(Side.CLIENT, "completedCount") > 0, "the load ran before the agent was killed");
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        assertTrue(ProcessHandle.of(client).map(p -> !p.isAlive()).orElse(true), "client agent ended");
    }

    @Test
    void sigintDuringASweepRecordsTheInterruptedVariantAndStops(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "sweep", "--vary", "close=client-first,server-first", "--rate", "500",
                "--duration", "20s", "--no-drain", "--warmup", "0s", "--out", "out");
        Path sweepDir = awaitSweepFolder(work.resolve("out"));
        awaitRows(awaitRunFolder(sweepDir).resolve("timeseries.csv"), 20);
        cli.signal("INT");
        assertEquals(130, cli.waitFor(60), cli.stderr());
        SweepState state = SweepState.read(sweepDir);
        assertEquals(SweepState.Status.INTERRUPTED, state.variants().get(0).status());
        assertEquals(SweepState.Status.PENDING, state.variants().get(1).status(), "the sweep stopped");
        assertTrue(state.variants().get(0).summary().interrupted());
        assertTrue(Files.exists(sweepDir.resolve("comparison.csv")));
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
    }

    private static Path awaitSweepFolder(Path out) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve(SweepState.FILE))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sweep folder under " + out);
    }

    private static Path awaitRunFolder(Path out) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve("timeseries.csv"))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run folder with a time series under " + out);
    }

    /** Waits until the time series has at least {@code rows} rows; returns how many it has. */
    private static long awaitRows(Path csv, long rows) throws Exception {
        for (int i = 0; i < 600; i++) {
            long n = Files.readAllLines(csv).size() - 1;
            if (n >= rows) {
                return n;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the time series never reached " + rows + " rows");
    }
}
