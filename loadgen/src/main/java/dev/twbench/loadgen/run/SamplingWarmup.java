package dev.twbench.loadgen.run;

import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.RunRecorder;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The warm-up before Go, with the orchestrator in it. The client agent runs its warm-up load
 * (--warmup long, abortive closes, so no TIME_WAIT is left), and meanwhile the orchestrator samples
 * both agents as it will at every tick of the load, only back to back: the same requests, the
 * agents' real replies, the kernel probe, the recorder and its files, into a scratch folder that
 * is removed after.
 *
 * <p>Why: at ten ticks a second the orchestrator's code reaches the JIT's thresholds only during
 * the load, where its compilations take the cores the agents need. Measured on this 2-core
 * machine, a 10 s load at the maximum rate, after a 2 s warm-up: the compiler threads took
 * 5 to 9 % of a core, the sampling itself 2.5 to 3.5 %. A warm-up on made-up samples did not
 * help: the first real replies, shaped differently, threw its compiled code away (HotSpot's
 * "unstable_if" deoptimizations at Go) and it was compiled again during the load.
 *
 * <pre>{@code
 * RunSetup.LiveRun run = RunSetup.start(scenario, folder, guard, listener);
 * SamplingWarmup.run(scenario, guard, run);        // returns when the client's warm-up has ended
 * ...Go
 * }</pre>
 */
final class SamplingWarmup {
    /** At most a tick per millisecond: enough ticks to compile the path, and cores left for the agents' warm-up. */
    static final long MIN_GAP_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Beyond --warmup and the attempt timeout: the client's last warm-up attempts end within these. */
    private static final long GRACE_MS = 10_000;
    /** How long the server may take to accept the warm-up's last connections. */
    private static final long CATCH_UP_MS = 5_000;

    private SamplingWarmup() {
    }

    /** Runs the warm-up, if the scenario has one ({@code --warmup 0s} has none), and ends it. */
    static void run(Scenario scenario, RunGuard guard, RunSetup.LiveRun run) throws IOException {
        if (scenario.warmupMs() == 0) {
            return;
        }
        run.client().call(new Message.WarmUp(), Message.Ack.class, CALL_TIMEOUT);
        Path scratch = Files.createTempDirectory("twbench-warmup");
        try {
            RunFolder folder = RunFolder.create(scratch, "warmup", ZonedDateTime.now());
            try (RunRecorder recorder = new RunRecorder(folder, System.currentTimeMillis(),
                    scenario.lab() == LabKind.NETNS, run.listenerPorts(), run.lab().sides(),
                    scenario.nat() == null ? 0 : scenario.nat().portsAvailable())) {
                new TickLoop(scenario, guard, RunListener.SILENT, recorder, run).warmUp(MIN_GAP_NS,
                        TimeUnit.MILLISECONDS.toNanos(scenario.warmupMs() + scenario.timeoutMs() + GRACE_MS));
            }
        } finally {
            deleteQuietly(scratch);
        }
        Message.WarmedUp warmed = run.client().call(new Message.EndWarmUp(), Message.WarmedUp.class,
                CALL_TIMEOUT.plusMillis(scenario.warmupMs() + scenario.timeoutMs()));
        if (scenario.serverCommand() == null) { // a proxy in front of twbench's server accepts on its own terms
            awaitServerCaughtUp(run, warmed.completed());
        }
    }

    /**
     * Waits (a few seconds at most) until the server has accepted every connection the client's
     * warm-up completed, so that none is counted in the load. Under the connect protocol the client
     * completes a connection the kernel alone accepted: the server's accept() may come later (JDK
     * NIO's, after Go; measured: 246 to 278 of 5,000 then).
     */
    private static void awaitServerCaughtUp(RunSetup.LiveRun run, long clientCompleted) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_MS);
        while (System.nanoTime() < deadlineNs) {
            Message.AgentSample server = run.server().call(new Message.SampleRequest(0, 0), Message.AgentSample.class,
                    CALL_TIMEOUT);
            Long accepted = server.counters().get(Counters.ACCEPTED.column());
            if (accepted == null || accepted >= clientCompleted) { // null: the user's command serves, uncounted
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left in java.io.tmpdir: the OS's to clean
        }
    }
}
