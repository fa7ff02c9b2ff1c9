package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.run.LabReady;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Transport;
import dev.twbench.loadgen.sys.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * One reading of a namespace's kernel counters is two files read one after the other, never one
 * atomic snapshot. The TIME_WAIT lifetime and {@code leftBeforeExpiry} take "entered (TcpExt TW)
 * minus the rise of the level (sockstat tw)" as the sockets that have left; so the reading must
 * take TcpExt first. Read the other way, every socket that enters between the two reads looks as if
 * it had already left: on a loaded machine the gap grew to tens of milliseconds, and at 300
 * connections per second the lifetime of the first sockets came out as 0.6 s instead of 60 s.
 *
 * <p>The specification: while nothing can have left TIME_WAIT yet (a fresh namespace, the first
 * 60 s), a reading shows hardly more entries than the level's rise, however many arrive during it:
 * usually at most the one entry each CPU may be in the middle of (the kernel counts it, then raises
 * the level, in one softirq), at worst 32 in every run recorded. Read in the wrong order, one of
 * 5,661 readings at 8,000 connections per second showed 150.
 */
@ResourceLock(LoadLock.CPU) // 8,000 connections per second
class KernelCountersReadOrderTest {
    private static final long LOAD_MS = 3_000;
    /** 24,000 connections in 3 s, within the default port range of 28,232 (none can be reused for 60 s). */
    private static final long RATE = 8_000;
    /** The most any reading in the right order has been ahead of its level, in every run recorded. */
    private static final long RIGHT_ORDER_WORST_SEEN = 32;

    @Test
    void noReadingCountsAnEntryThatItsTimeWaitLevelDoesNotHold(@TempDir Path out) throws Exception {
        LabRequirements.assumeNamespaceLab();
        // The baseline is read in labReady, which the run calls before it sends Go: no entry can
        // fall between its two reads, so the baseline adds no skew of its own.
        CompletableFuture<Baseline> baseline = new CompletableFuture<>();
        RunListener listener = new RunListener() {
            @Override
            public void labReady(LabReady lab) {
                try {
                    Path net = Path.of("/proc", Long.toString(agentPid("twb-" + lab.labId() + "-c")), "net");
                    baseline.complete(new Baseline(net, KernelCounters.read(net)));
                } catch (Exception | AssertionError e) {
                    baseline.completeExceptionally(e);
                }
            }
        };
        // On Netty's epoll, where this bound was measured (8 of 8 runs). With the direct engine as the
        // load, 1 of 3 CI runs saw a reading 32 entries ahead of its level: not yet explained, so
        // not yet claimed (see docs/kernel-facts.md).
        Scenario scenario = Scenario.builder().rate(Rate.perSecond(RATE)).durationMs(LOAD_MS).warmupMs(0).drain(false)
                .transport(Transport.EPOLL).outDir(out).build();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> execute(scenario, listener));

        Path net = baseline.get(60, TimeUnit.SECONDS).net();
        CounterValues first = baseline.get().counters();
        long readings = 0;
        long worstExcess = Long.MIN_VALUE;
        long entered = 0;
        while (!run.isDone()) {
            CounterValues now;
            try {
                now = KernelCounters.read(net);
            } catch (IOException agentGone) {
                break; // the run ended between isDone() and the read
            }
            entered = now.since(first).getOrZero(Counters.TW_ENTERED);
            long rise = now.getOrZero(Counters.TIME_WAIT) - first.getOrZero(Counters.TIME_WAIT);
            worstExcess = Math.max(worstExcess, entered - rise);
            readings++;
        }
        RunResult result = run.get(120, TimeUnit.SECONDS);
        assertEquals(RunOutcome.Kind.COMPLETED, result.summary().outcome().kind(), result.summary().endReason());
        assertTrue(entered >= 1_000, "the client churned: " + entered + " entered TIME_WAIT while it was read");
        assertTrue(readings >= 100, "read " + readings + " times during the load");
        // The wrong order showed 150 in one reading of 5,661 at this rate. The right order usually shows
        // at most one entry per CPU, but has shown 8 (epoll, 1 CI run: 19,357 readings) and 32 (direct
        // engine, 1 CI run of 3: 26,672 readings), not yet explained (a socket that left TIME_WAIT early
        // would do it). The bound separates the two orders; it is not a kernel fact.
        assertTrue(worstExcess <= RIGHT_ORDER_WORST_SEEN, "a reading counted " + worstExcess + " more entries than"
                + " its level held (the right order's worst seen: " + RIGHT_ORDER_WORST_SEEN + "), in " + readings
                + " readings");
    }

    private record Baseline(Path net, CounterValues counters) {
    }

    private static RunResult execute(Scenario scenario, RunListener listener) {
        try {
            return RunController.execute(scenario, listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one process in the run's client namespace: its agent. */
    private static long agentPid(String namespace) throws Exception {
        Exec.Result pids = Exec.run(List.of("ip", "netns", "pids", namespace));
        assertTrue(pids.ok(), pids.describe());
        List<String> lines = pids.stdout().strip().lines().toList();
        assertEquals(1, lines.size(), "processes in " + namespace + ": " + lines);
        return Long.parseLong(lines.get(0));
    }
}
