package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The load: connection attempts to one server, spread over the event loops, on an open-loop
 * schedule or as a closed loop.
 *
 * <pre>{@code
 * try (ClientEngine client = new ClientEngine(spec)) {
 *     client.warmUp();                                   // JIT-compiled, no TIME_WAIT left
 *     client.start();
 *     while (!client.finished()) {
 *         ClientEngine.Snapshot s = client.snapshot();   // cumulative counters + interval latencies
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class ClientEngine implements AutoCloseable {
    /**
     * The warm-up's close order, on both agents (the server switches at Go): the client resets,
     * so no TIME_WAIT is left anywhere, whatever the scenario's close order.
     */
    public static final CloseOrder WARMUP_ORDER = CloseOrder.CLIENT_RST;

    private final ClientSpec spec;
    private final NanoClock clock;
    private final ClientDriver driver;
    private final int loopCount;
    private final ChurnCounters counters = new ChurnCounters();
    private final List<LoadLoop> loops = new ArrayList<>();
    private final CountDownLatch loopsFinished;
    private final AtomicLong finishedAtNs = new AtomicLong(-1);
    private volatile AttemptSchedule schedule;
    private volatile long startNs;

    public ClientEngine(ClientSpec spec) {
        this(spec, NanoClock.SYSTEM);
    }

    /** @param clock the time the loops believe it is (a test's hand-moved clock; timers still run on real time) */
    ClientEngine(ClientSpec spec, NanoClock clock) {
        if (!AllowedDestinations.isAllowed(spec.serverAddress())) {
            throw new IllegalArgumentException("refusing to send load to " + spec.serverAddress()
                    + ": only loopback (127.0.0.0/8) and this lab's own link (198.18.0.0/15 on "
                    + AllowedDestinations.LAB_INTERFACE + ") are allowed");
        }
        this.spec = spec;
        this.clock = clock;
        ClientTargets targets = new ClientTargets(spec.serverAddress(), spec.serverPorts(), spec.sourceAddresses());
        int count = Math.min(spec.threads(), spec.maxInFlight());
        if (spec.bind().mode() == ClientBind.Mode.RANGE) {
            count = Math.min(count, spec.bind().rangeSize()); // each loop walks its own ports
        }
        this.loopCount = count;
        this.loopsFinished = new CountDownLatch(loopCount);
        this.driver = switch (spec.transport()) {
            case DIRECT -> new DirectClientDriver(spec, targets, clock);
            case EPOLL, IO_URING, NIO -> new NettyClientDriver(spec, targets, clock, loopCount);
        };
    }

    /**
     * Runs the load's own schedule (same rate, same code paths) for {@code spec.warmupMs()}, each
     * connection ending with an abortive close so that no TIME_WAIT is left on either side, and
     * waits for it to finish. Its counts are discarded.
     *
     * @return how many warm-up cycles completed
     */
    public long warmUp() {
        if (spec.warmupMs() == 0) {
            return 0;
        }
        AttemptSchedule warmup = new AttemptSchedule(clock.nanoTime(), TimeUnit.MILLISECONDS.toNanos(spec.warmupMs()),
                spec.ratePerSecond());
        return runToEnd(WARMUP_ORDER, warmup, spec.warmupMs() + spec.timeoutMs() + 10_000).completed.sum();
    }

    /**
     * What a batch of connection cycles came to.
     *
     * @param failures errno name (or TIMEOUT, EARLY_EOF, OTHER) to count
     */
    public record Batch(long completed, long failed, Map<String, Long> failures) {
    }

    /**
     * Runs exactly {@code count} connection cycles of the scenario's close order in a closed loop
     * (at most --max-in-flight at once) and waits for the last to end: a JMH benchmark's
     * operation. Independent of {@link #start()}: its counts are the batch's own.
     */
    public Batch runCycles(long count) {
        ChurnCounters batch = runToEnd(spec.closeOrder(), AttemptSchedule.closedLoopOf(clock.nanoTime(), count),
                count * spec.timeoutMs() + 10_000);
        return new Batch(batch.completed.sum(), batch.failedTotal(), batch.failures());
    }

    /** Runs a schedule on fresh counters with fresh loops, and waits until every loop is done. */
    private ChurnCounters runToEnd(CloseOrder order, AttemptSchedule schedule, long timeoutMs) {
        ChurnCounters counts = new ChurnCounters();
        CountDownLatch done = new CountDownLatch(loopCount);
        launch(rules(order), counts, done::countDown).forEach(loop -> loop.start(schedule));
        try {
            if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the client's loops did not finish within " + timeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return counts;
    }

    /** Starts the schedule now. */
    public void start() {
        long now = clock.nanoTime();
        startNs = now;
        counters.origin(now);
        schedule = new AttemptSchedule(now, TimeUnit.MILLISECONDS.toNanos(spec.durationMs()), spec.ratePerSecond());
        loops.addAll(launch(rules(spec.closeOrder()), counters, this::loopFinished));
        loops.forEach(loop -> loop.start(schedule));
    }

    private void loopFinished() {
        loopsFinished.countDown();
        if (loopsFinished.getCount() == 0) {
            finishedAtNs.compareAndSet(-1, clock.nanoTime());
        }
    }

    private ExchangeRules rules(CloseOrder order) {
        // The client never idles: server-idle's idle time is the server's.
        return new ExchangeRules(spec.requestBytes(), spec.responseBytes(), order.step(Side.CLIENT),
                order.step(Side.SERVER), 1, spec.timeoutMs());
    }

    /** One loop per thread, attempts interleaved, the in-flight cap shared out. */
    private List<LoadLoop> launch(ExchangeRules rules, ChurnCounters into, Runnable onLoopFinished) {
        List<LoadLoop> launched = new ArrayList<>(loopCount);
        for (int i = 0; i < loopCount; i++) {
            int cap = spec.maxInFlight() / loopCount + (i < spec.maxInFlight() % loopCount ? 1 : 0);
            launched.add(driver.newLoop(i, loopCount, cap, rules, into, onLoopFinished));
        }
        return launched;
    }

    /** Ends the load early: no new attempts; those in flight finish or time out. */
    public void stop() {
        loops.forEach(LoadLoop::stop);
    }

    /** True once no attempt is left to start and none is in flight. */
    public boolean finished() {
        return loopsFinished.getCount() == 0;
    }

    /**
     * Counts since {@link #start()}, plus the latencies recorded since the previous snapshot.
     *
     * @param counters       the engine's {@link dev.twbench.loadgen.counter.Counters} values,
     *                       {@code attemptsDueCount} included (for the closed loop: those started)
     * @param failures       failures by kind, each kind under its own name
     * @param loadNs         from the start until the last attempt ended (until now while any is left)
     * @param firstFailureNs from the start to the first failure, or -1
     */
    public record Snapshot(CounterValues counters, Map<String, Long> failures, long loadNs, long firstFailureNs,
            boolean finished, Histogram connectIntervalUs, Histogram cycleIntervalUs) {
        public Snapshot {
            failures = Map.copyOf(failures);
        }
    }

    public Snapshot snapshot() {
        long now = clock.nanoTime();
        // Read finished first: once it is true every count read below is final.
        boolean finished = finished();
        CounterValues.Builder values = counters.values();
        long started = values.get(Counters.ATTEMPTS_STARTED);
        AttemptSchedule s = schedule;
        long due = s == null ? 0 : s.isClosedLoop() ? started : Math.max(started, s.dueCount(now));
        long loadNs = s == null ? 0 : (finished ? finishedAtNs.get() : now) - startNs;
        return new Snapshot(values.set(Counters.ATTEMPTS_DUE, due).build(), counters.failures(), loadNs,
                counters.firstFailureNs(), finished, counters.takeConnectInterval(), counters.takeCycleInterval());
    }

    @Override
    public void close() {
        driver.close();
    }
}
