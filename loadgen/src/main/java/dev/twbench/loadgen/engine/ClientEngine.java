package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.CloseStep;
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
 *     client.startWarmUp();                              // JIT-compiles the loops, leaves no TIME_WAIT
 *     ...snapshot() reports the warm-up until it has finished
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
    /** Nothing scheduled: what {@link #snapshot()} reports before the warm-up, and between it and the load. */
    private final Scheduled idle;
    /** The warm-up, once started. */
    private volatile Scheduled warmup;
    /** The load, once started. */
    private volatile Scheduled load;
    /** What {@link #snapshot()} reports: idle, the warm-up from its start until its end, then the load. */
    private volatile Scheduled reported;

    public ClientEngine(ClientSpec spec) {
        this(spec, NanoClock.SYSTEM, null);
    }

    /**
     * A client on a real host, whose destination its server agent announced ({@link AnnouncedTarget}):
     * the load goes there and nowhere else.
     *
     * @throws IllegalArgumentException the spec's address or ports are not among those announced
     */
    public ClientEngine(ClientSpec spec, AnnouncedTarget announced) {
        this(spec, NanoClock.SYSTEM, announced);
    }

    /** @param clock the time the loops believe it is (a test's hand-moved clock; timers still run on real time) */
    ClientEngine(ClientSpec spec, NanoClock clock) {
        this(spec, clock, null);
    }

    private ClientEngine(ClientSpec spec, NanoClock clock, AnnouncedTarget announced) {
        if (announced != null) {
            if (!announced.covers(spec.serverAddress(), spec.serverPorts())) {
                throw new IllegalArgumentException(announced.refusal(spec.serverAddress(), spec.serverPorts()));
            }
        } else if (!AllowedDestinations.isAllowed(spec.serverAddress())) {
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
        this.idle = new Scheduled(new ChurnCounters(), null, 0, new CountDownLatch(1));
        this.reported = idle;
        this.driver = switch (spec.transport()) {
            case DIRECT -> new DirectClientDriver(spec, targets, clock);
            case EPOLL, IO_URING, NIO -> new NettyClientDriver(spec, targets, clock, loopCount);
        };
    }

    /**
     * Starts the load's own schedule (same rate, same code paths) for {@code spec.warmupMs()}, each
     * connection ending with an abortive close so that no TIME_WAIT is left on either side, and
     * returns at once. Until {@link #endWarmUp()}, {@link #snapshot()} reports the warm-up on its
     * own counters (with {@code finished} once its last attempt ended), so that whoever samples
     * this engine can warm up too; its counts are then discarded. Without a warm-up
     * ({@code --warmup 0s}) this does nothing.
     */
    public void startWarmUp() {
        if (spec.warmupMs() == 0 || warmup != null) {
            return;
        }
        long now = clock.nanoTime();
        warmup = launch(WARMUP_ORDER, new AttemptSchedule(now, TimeUnit.MILLISECONDS.toNanos(spec.warmupMs()),
                spec.ratePerSecond()), now);
        reported = warmup;
    }

    /**
     * Waits for the warm-up started by {@link #startWarmUp()} to end; from then on
     * {@link #snapshot()} reports nothing until {@link #start()}.
     *
     * @return how many warm-up cycles completed (0 without a warm-up)
     */
    public long endWarmUp() {
        Scheduled w = warmup;
        if (w == null) {
            return 0;
        }
        w.await(spec.warmupMs() + spec.timeoutMs() + 10_000);
        // The load's kernel counters start at Go: none of the warm-up's closes may land after it.
        driver.awaitSocketsClosed();
        if (reported == w) {
            reported = idle;
        }
        return w.counters.completed.sum();
    }

    /** The warm-up, start to end: {@link #startWarmUp()} then {@link #endWarmUp()}. */
    public long warmUp() {
        startWarmUp();
        return endWarmUp();
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
        Scheduled run = launch(order, schedule, clock.nanoTime());
        run.await(timeoutMs);
        return run.counters;
    }

    /** Starts the schedule now (once the warm-up, if one was started, has ended). */
    public void start() {
        endWarmUp();
        long now = clock.nanoTime();
        load = launch(spec.closeOrder(), new AttemptSchedule(now, TimeUnit.MILLISECONDS.toNanos(spec.durationMs()),
                spec.ratePerSecond()), now);
        reported = load;
    }

    /** Fresh counters and fresh loops on {@code schedule}, started. */
    private Scheduled launch(CloseOrder order, AttemptSchedule schedule, long startNs) {
        Scheduled run = new Scheduled(new ChurnCounters(), schedule, startNs, new CountDownLatch(loopCount));
        run.counters.origin(startNs);
        run.loops.addAll(launch(rules(order), run.counters, run::loopFinished));
        run.loops.forEach(loop -> loop.start(schedule));
        return run;
    }

    private ExchangeRules rules(CloseOrder order) {
        HttpSpec http = spec.http();
        if (http != null) {
            // The last request asks the server to close when the close order has the server close first.
            CloseStep serverStep = order.step(Side.SERVER);
            boolean serverCloses = serverStep == CloseStep.CLOSE_AFTER_EXCHANGE
                    || serverStep == CloseStep.ABORT_AFTER_EXCHANGE;
            String host = spec.serverAddress() + ":" + spec.serverPorts().get(0);
            return new ExchangeRules(HttpPayloads.request(http.path(), host, false), 0, false,
                    new Closer(order.step(Side.CLIENT), 1), TimeUnit.MILLISECONDS.toNanos(spec.timeoutMs()),
                    new ExchangeRules.Http(HttpPayloads.request(http.path(), host, serverCloses),
                            http.requestsPerConnection(), HttpMessage.Kind.RESPONSE));
        }
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
        Scheduled l = load;
        if (l != null) {
            l.loops.forEach(LoadLoop::stop);
        }
    }

    /** True once the load has started, and no attempt is left to start and none is in flight. */
    public boolean finished() {
        Scheduled l = load;
        return l != null && l.finished();
    }

    /**
     * Counts since {@link #start()}, plus the latencies recorded since the previous snapshot.
     *
     * @param counters       the engine's {@link dev.twbench.loadgen.counter.Counters} values,
     *                       {@code attemptsDueCount} included (for the closed loop: those started)
     * @param failures       failures by kind, each kind under its own name
     * @param loadNs         from the start until the last attempt ended (until now while any is left)
     * @param firstFailureNs from the start to the first failure, or -1
     * @param connectTotal   every connect latency of the intervals handed out so far, this one included
     * @param cycleTotal     the same for whole cycles
     */
    public record Snapshot(CounterValues counters, Map<String, Long> failures, long loadNs, long firstFailureNs,
            boolean finished, Histogram connectIntervalUs, Histogram cycleIntervalUs, LatencyDigest connectTotal,
            LatencyDigest cycleTotal) {
        public Snapshot {
            failures = Map.copyOf(failures);
        }
    }

    /**
     * The load's counts since {@link #start()}; before it, the warm-up's since
     * {@link #startWarmUp()} until {@link #endWarmUp()}, and zeros otherwise.
     */
    public Snapshot snapshot() {
        return reported.snapshot(clock.nanoTime());
    }

    /** One schedule run by its own loops on its own counters: the warm-up, the load or a benchmark's batch. */
    private final class Scheduled {
        final ChurnCounters counters;
        /** Null only for the empty snapshot before anything started. */
        final AttemptSchedule schedule;
        final long startNs;
        final CountDownLatch loopsLeft;
        final AtomicLong finishedAtNs = new AtomicLong(-1);
        final List<LoadLoop> loops = new ArrayList<>();

        Scheduled(ChurnCounters counters, AttemptSchedule schedule, long startNs, CountDownLatch loopsLeft) {
            this.counters = counters;
            this.schedule = schedule;
            this.startNs = startNs;
            this.loopsLeft = loopsLeft;
        }

        void loopFinished() {
            loopsLeft.countDown();
            if (loopsLeft.getCount() == 0) {
                finishedAtNs.compareAndSet(-1, clock.nanoTime());
            }
        }

        boolean finished() {
            return loopsLeft.getCount() == 0;
        }

        void await(long timeoutMs) {
            try {
                if (!loopsLeft.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the client's loops did not finish within " + timeoutMs + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Snapshot snapshot(long now) {
            // Read finished first: once it is true every count read below is final.
            boolean finished = finished();
            CounterValues.Builder values = counters.values();
            long started = values.get(Counters.ATTEMPTS_STARTED);
            long due = schedule == null ? 0 : schedule.isClosedLoop() ? started : Math.max(started, schedule.dueCount(now));
            long loadNs = schedule == null ? 0 : (finished ? finishedAtNs.get() : now) - startNs;
            Histogram connect = counters.takeConnectInterval();
            Histogram cycle = counters.takeCycleInterval();
            return new Snapshot(values.set(Counters.ATTEMPTS_DUE, due).build(), counters.failures(), loadNs,
                    counters.firstFailureNs(), finished, connect, cycle, counters.connectTotal(), counters.cycleTotal());
        }
    }

    @Override
    public void close() {
        // A long-lived agent closes its engine and goes on living: no attempt may start after this.
        // (A lab agent's process ends next, which stopped the loops by itself.)
        stop();
        Scheduled w = warmup;
        if (w != null) {
            w.loops.forEach(LoadLoop::stop);
        }
        driver.close();
    }
}
