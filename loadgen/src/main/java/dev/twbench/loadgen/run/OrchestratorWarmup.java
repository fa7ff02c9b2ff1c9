package dev.twbench.loadgen.run;

import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.agent.MessageCodec;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.probe.MemoryProbe;
import dev.twbench.loadgen.probe.NamespaceProbe;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.RunRecorder;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Compiles the orchestrator's own per-tick path before Go, while the client agent warms up: the
 * agent protocol's decoding, the kernel probe's reading and parsing, the recorder's rows and
 * latency log. At ten ticks a second the JIT reaches its thresholds only after minutes, and until
 * then an interpreted tick costs milliseconds: measured on a 2-core machine, the orchestrator
 * took 5 % of a core through a 30 s load, a quarter of it in the interpreter, on the cores the
 * agents need. Here the same code runs {@link #TICKS} times over synthetic samples, reading this
 * process's own /proc (read-only), recording into a temporary folder that is removed after.
 *
 * <pre>{@code
 * OrchestratorWarmup warmup = OrchestratorWarmup.start();   // as the client agent warms up
 * ...                                                        // the client agent is Ready
 * warmup.finish();                                           // before Go
 * }</pre>
 */
final class OrchestratorWarmup implements Runnable {
    /** Enough calls for the JIT's second tier on the hot methods (HotSpot: 5,000 invocations). */
    static final int TICKS = 6_000;

    private final Thread thread = new Thread(this, "twbench-orchestrator-warmup");
    private volatile boolean stopped;

    private OrchestratorWarmup() {
    }

    /** Starts the warm-up on a daemon thread of the lowest priority. */
    static OrchestratorWarmup start() {
        OrchestratorWarmup warmup = new OrchestratorWarmup();
        warmup.thread.setDaemon(true);
        warmup.thread.setPriority(Thread.MIN_PRIORITY);
        warmup.thread.start();
        return warmup;
    }

    /**
     * Ends it where it is and waits for its current tick: it never delays Go. It has the client
     * agent's warm-up (--warmup) to itself; with --warmup 0s it barely starts.
     */
    void finish() {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("twbench-warmup");
            warmUp(dir);
        } catch (IOException | RuntimeException e) {
            // Only speed is at stake: the load is sampled the same way, just by colder code.
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private void warmUp(Path dir) throws IOException {
        long self = ProcessHandle.current().pid();
        Map<Side, Long> pids = Map.of(Side.CLIENT, self, Side.SERVER, self);
        String client = MessageCodec.toLine(sample(true));
        String server = MessageCodec.toLine(sample(false));
        MemoryProbe memory = new MemoryProbe();
        RunFolder folder = RunFolder.create(dir, "warmup", ZonedDateTime.now());
        try (RunRecorder recorder = new RunRecorder(folder, System.currentTimeMillis(), true, List.of(7000))) {
            for (int tick = 0; tick < TICKS && !stopped; tick++) {
                MessageCodec.toLine(new Message.SampleRequest());
                Map<Side, Message.AgentSample> samples = new EnumMap<>(Side.class);
                samples.put(Side.CLIENT, (Message.AgentSample) MessageCodec.fromLine(client));
                samples.put(Side.SERVER, (Message.AgentSample) MessageCodec.fromLine(server));
                Map<Side, CounterValues> kernel = new EnumMap<>(Side.class);
                kernel.put(Side.CLIENT, NamespaceProbe.readPid(self));
                kernel.put(Side.SERVER, NamespaceProbe.readPid(self));
                recorder.record(tick * 100L, Phase.LOAD, kernel, samples, memory.read(pids));
            }
        }
    }

    /** A sample as an agent sends one, with counts and (on the client) a few latencies. */
    private static Message.AgentSample sample(boolean client) {
        CounterValues.Builder values = CounterValues.builder();
        for (var counter : List.of(Counters.ATTEMPTS_DUE, Counters.ATTEMPTS_STARTED, Counters.CONNECTED,
                Counters.COMPLETED, Counters.ACCEPTED, Counters.FAILED, Counters.IN_FLIGHT)) {
            values.set(counter, 1_000);
        }
        Histogram latencies = new Histogram(3);
        for (long us = 50; us < 200_000; us = us * 3 / 2 + 1) {
            latencies.recordValue(us);
        }
        String encoded = client ? MessageCodec.encode(latencies) : null;
        return new Message.AgentSample(values.build().toMap(), Map.of("ECONNRESET", 1L), 1_000_000, -1, false,
                client ? List.of() : List.of(1_000L), encoded, encoded);
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
