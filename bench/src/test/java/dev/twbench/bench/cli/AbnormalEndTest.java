package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sweep.SweepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        Path csv = runDir.resolve("timeseries.csv");
        long rowsBeforeSignal = RunFolderWait.rows(csv, 30);
        cli.signal("INT");
        assertEquals(130, cli.waitFor(180), cli.stderr());

        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertEquals(RunOutcome.Kind.INTERRUPTED, summary.outcome().kind());
        assertTrue(summary.interrupted());
        assertEquals("interrupted", summary.endReason());
        assertTrue(results.series().size() >= rowsBeforeSignal, results.series().size() + " rows after, "
                + rowsBeforeSignal + " before");
        // Every tick has both sides' rows, and the interrupt's own tick is the last: its row is
        // stamped when the signal was handled. (How many ticks fit before it depends on how busy
        // the machine was, so it is not asserted here.)
        for (Side side : Side.ENDS) {
            TimeSeries.Rows rows = results.rows(side);
            assertEquals(summary.samples(), rows.size(), side.label() + " rows");
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(rows.elapsedMs(i) >= rows.elapsedMs(i - 1), side.label() + " row " + i + " goes back in time");
            }
        }
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        for (String side : List.of("client", "server")) {
            long agent = results.manifest().at("/lab/" + side + "/agentPid").asLong();
            assertTrue(agent > 0);
            assertTrue(ProcessHandle.of(agent).map(p -> !p.isAlive()).orElse(true), side + " agent " + agent + " ended");
        }
        assertTrue(cli.stdout().contains("run " + runDir.getFileName() + ": interrupted"), cli.stdout());
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"KILL, 137", "INT, 130", "TERM, 143"})
    void aServerAgentEndedBySignalMidRunEndsTheRunWithItsReasonAndLeavesNothingBehind(String signal, int code,
            @TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "1000", "--duration", "30s", "--out", "out");
        Path runDir = RunFolderWait.runFolderWithRows(work.resolve("out"), 20);
        RunFolderWait.completed(runDir.resolve("timeseries.csv"), 1);
        long client = agentPid(runDir, Side.CLIENT);
        signal(agentPid(runDir, Side.SERVER), signal);

        assertEquals(1, cli.waitFor(180), "a run that could not complete: " + cli.stderr());
        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertTrue(summary.endReason().startsWith("the server agent exited with code " + code + " (SIG" + signal
                + ") at ")
                && summary.endReason().endsWith("the run stopped there (--on-agent-exit stop)"), summary.endReason());
        assertEquals(List.of("server"), summary.agentExits().stream().map(AgentExit::side).toList());
        assertEquals(RunOutcome.Kind.AGENT_EXITED, summary.outcome().kind());
        assertTrue(!summary.interrupted());
        assertEveryTickHasBothRows(results);
        assertTrue(results.total(Side.CLIENT, Counters.COMPLETED) > 0, "the load ran before the agent was killed");
        assertTrue(cli.stdout().contains("the server agent (pid "), cli.stdout());
        assertNothingLeftBehind(cli, results);
        assertTrue(ProcessHandle.of(client).map(p -> !p.isAlive()).orElse(true), "client agent ended");
    }

    @Test
    void aServerAgentKilledWithContinueLeavesTheClientRecordingRefusalsToThePlannedEnd(@TempDir Path work)
            throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "500", "--duration", "10s", "--no-drain", "--warmup",
                "0s", "--on-agent-exit", "continue", "--out", "out");
        Path runDir = RunFolderWait.runFolderWithRows(work.resolve("out"), 2 * 15);
        long server = agentPid(runDir, Side.SERVER);
        signal(server, "KILL");

        assertEquals(1, cli.waitFor(180), "an agent died, so the run did not complete as planned: " + cli.stderr());
        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertTrue(summary.endReason().endsWith("sampling went on to the end of the run (--on-agent-exit continue)"),
                summary.endReason());
        AgentExit exit = summary.agentExits().get(0);
        assertEquals(server, exit.pid());
        long diedAtMs = exit.elapsedMs();
        assertTrue(diedAtMs >= 1_000 && diedAtMs < 10_000, diedAtMs + " ms");
        assertEveryTickHasBothRows(results);
        TimeSeries.Columns cells = results.series().load(Counters.ATTEMPTS_STARTED, Counters.COMPLETED,
                Counters.FAILED, Counters.failed("ECONNREFUSED"), Counters.IN_FLIGHT, Counters.AGENT_RSS,
                Counters.TIME_WAIT);
        TimeSeries.Rows client = results.rows(Side.CLIENT);
        int[] after = IntStream.range(0, client.size()).filter(i -> client.elapsedMs(i) > diedAtMs).toArray();
        assertTrue(after.length * 100L >= 9_500 - diedAtMs, after.length + " client rows after the kill at "
                + diedAtMs + " ms: the load went on to its end at 10 s");
        // The server's namespace has no listener any more. The tick that noticed sampled the client
        // first, perhaps before the server died; the next one sampled it after the server had
        // exited (its exit code was in hand), listener closed. Every attempt started after that is
        // refused, however many the client managed to start; the rest of what ended after it was
        // in flight at it (give or take counters read one after another).
        assertTrue(exit.how().startsWith("exited with code 137"), exit.how());
        int settled = after[0];
        int[] afterSettled = Arrays.copyOfRange(after, 1, after.length);
        TimeSeries.Column refusals = cells.get(Side.CLIENT, Counters.failed("ECONNREFUSED"));
        long started = sum(cells.get(Side.CLIENT, Counters.ATTEMPTS_STARTED), afterSettled);
        long refused = sum(refusals, afterSettled);
        long otherEnds = sum(cells.get(Side.CLIENT, Counters.COMPLETED), afterSettled)
                + sum(cells.get(Side.CLIENT, Counters.FAILED), afterSettled) - refused;
        long inFlightThen = cells.get(Side.CLIENT, Counters.IN_FLIGHT).get(settled);
        long skew = Math.max(5, started / 100);
        assertTrue(started > 0, "the client went on attempting after the kill");
        assertTrue(refused >= started - skew, refused + " refused of " + started + " started after "
                + client.elapsedMs(settled) + " ms");
        assertTrue(otherEnds <= inFlightThen + skew, otherEnds + " other ends after " + client.elapsedMs(settled)
                + " ms, " + inFlightThen + " in flight then");
        assertTrue(Arrays.stream(after).filter(i -> client.elapsedMs(i) >= 9_000).anyMatch(i -> refusals.get(i) > 0),
                "refusals in the load's last second: the client went on to its planned end");
        TimeSeries.Rows serverRows = results.rows(Side.SERVER);
        TimeSeries.Column serverRss = cells.get(Side.SERVER, Counters.AGENT_RSS);
        TimeSeries.Column serverTimeWait = cells.get(Side.SERVER, Counters.TIME_WAIT);
        assertTrue(IntStream.range(0, serverRows.size()).filter(i -> serverRows.elapsedMs(i) > diedAtMs)
                        .allMatch(i -> !serverRss.has(i) && serverTimeWait.has(i)),
                "the dead server's rows keep its namespace's counters and have no agent memory");
        assertNothingLeftBehind(cli, results);
    }

    @Test
    void aClientAgentKilledMidRunEndsTheRunWithItsReasonAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "500", "--duration", "30s", "--warmup", "0s",
                "--out", "out");
        Path runDir = RunFolderWait.runFolderWithRows(work.resolve("out"), 2 * 15);
        RunFolderWait.completed(runDir.resolve("timeseries.csv"), 1);
        signal(agentPid(runDir, Side.CLIENT), "KILL");

        assertEquals(1, cli.waitFor(180), cli.stderr());
        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertEquals(List.of("client"), summary.agentExits().stream().map(AgentExit::side).toList());
        assertTrue(summary.endReason().startsWith("the client agent exited with code 137 (SIGKILL)"),
                summary.endReason());
        assertEveryTickHasBothRows(results);
        assertTrue(summary.completed() > 0 && summary.loadSeconds() > 1, summary.loadSeconds() + " s of load");
        assertNothingLeftBehind(cli, results);
    }

    @Test
    void aClientAgentKilledWithContinueEndsTheLoadAndTheDrainFollows(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        // RST closes leave no TIME_WAIT, but the connections the kill cut short close with a FIN
        // from the dead client, so the drain that follows waits out their 60 s (it mostly sleeps).
        CliProcess cli = CliProcess.start(work, "run", "--close", "client-rst", "--rate", "500", "--duration", "30s",
                "--warmup", "0s", "--on-agent-exit", "continue", "--out", "out");
        Path runDir = RunFolderWait.runFolderWithRows(work.resolve("out"), 2 * 15);
        signal(agentPid(runDir, Side.CLIENT), "KILL");

        assertEquals(1, cli.waitFor(180), cli.stderr());
        RunResults results = RunResults.load(runDir);
        Summary summary = results.summary();
        assertTrue(summary.endReason().startsWith("the client agent exited with code 137 (SIGKILL)")
                && summary.endReason().endsWith("sampling went on to the end of the run (--on-agent-exit continue)"),
                summary.endReason());
        assertTrue(summary.drainSeconds() != null, "the drain followed the load the client's death ended");
        TimeSeries.Rows client = results.rows(Side.CLIENT);
        assertTrue(IntStream.range(0, client.size()).anyMatch(i -> client.phase(i) == Phase.DRAIN));
        assertTrue(summary.loadSeconds() > 1 && summary.loadSeconds() < 20, summary.loadSeconds() + " s of load");
        assertEveryTickHasBothRows(results);
        assertTrue(cli.stdout().contains("sampling goes on (--on-agent-exit continue)"), cli.stdout());
        assertNothingLeftBehind(cli, results);
    }

    private static long agentPid(Path runDir, Side side) throws Exception {
        long pid = RunResults.load(runDir).manifest().at("/lab/" + side.label() + "/agentPid").asLong();
        assertTrue(pid > 0);
        return pid;
    }

    /** Sends SIG{@code name} to one of twbench's own agents, by the pid twbench recorded for it. */
    private static void signal(long pid, String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }

    private static void assertEveryTickHasBothRows(RunResults results) {
        for (Side side : Side.ENDS) {
            assertEquals(results.summary().samples(), results.rows(side).size(), side.label() + " rows");
        }
    }

    private static void assertNothingLeftBehind(CliProcess cli, RunResults results) {
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        for (Side side : Side.ENDS) {
            long agent = results.manifest().at("/lab/" + side.label() + "/agentPid").asLong();
            assertTrue(ProcessHandle.of(agent).map(p -> !p.isAlive()).orElse(true), side.label() + " agent ended");
        }
    }

    @Test
    void sigintDuringASweepRecordsTheInterruptedVariantAndStops(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "sweep", "--vary", "close=client-first,server-first", "--rate", "500",
                "--duration", "20s", "--no-drain", "--warmup", "0s", "--out", "out");
        Path sweepDir = RunFolderWait.sweepFolder(work.resolve("out"));
        RunFolderWait.rows(RunFolderWait.runFolder(sweepDir).resolve("timeseries.csv"), 20);
        cli.signal("INT");
        assertEquals(130, cli.waitFor(180), cli.stderr());
        SweepState state = SweepState.read(sweepDir);
        assertEquals(SweepState.Status.INTERRUPTED, state.variants().get(0).status());
        assertEquals(SweepState.Status.PENDING, state.variants().get(1).status(), "the sweep stopped");
        assertTrue(state.variants().get(0).summary().interrupted());
        assertTrue(Files.exists(sweepDir.resolve("comparison.csv")));
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
    }

    /** The sum of a count column over these rows. */
    private static long sum(TimeSeries.Column column, int[] rows) {
        return Arrays.stream(rows).mapToLong(i -> column.orElse(i, 0)).sum();
    }
}
