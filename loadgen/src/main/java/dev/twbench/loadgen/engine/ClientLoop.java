package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One Netty event loop's share of the client load, paced by its {@link Pacer}. Everything here
 * runs on that loop, so there are no locks; only the shared {@link ChurnCounters} are read from
 * another thread. After a turn the loop sleeps until the next attempt is due or a connection ends.
 *
 * <p>All it believes about the time (what is due, what is late, an attempt's remaining time,
 * latencies) comes from the engine's {@link NanoClock}, so a test can move time by hand; its
 * wake-up timers wait in real time and, finding the clock unmoved, wait again.
 */
final class ClientLoop implements LoadLoop, Pacer.Starter {
    /** Wake-ups closer together than this are batched: one timer per 50 us at most. */
    private static final long MIN_SLEEP_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final EventLoop eventLoop;
    private final Bootstrap bootstrap;
    private final ClientTargets targets;
    private final ClientBind bind;
    private final ChurnCounters counters;
    private final ExchangeRules rules;
    private final NanoClock clock;
    private final Pacer pacer;
    private final RangePorts rangePorts;
    private final Runnable onFinished;

    private boolean wakeUpPending;
    private boolean resumePending;
    private boolean pacing;
    private boolean finished;

    ClientLoop(EventLoop eventLoop, Bootstrap bootstrap, ClientTargets targets, ClientBind bind,
            ChurnCounters counters, ExchangeRules rules, NanoClock clock, int index, int stride, int cap,
            Runnable onFinished) {
        this.eventLoop = eventLoop;
        this.bootstrap = bootstrap;
        this.targets = targets;
        this.bind = bind;
        this.counters = counters;
        this.rules = rules;
        this.clock = clock;
        this.pacer = new Pacer(counters, index, stride, cap);
        this.rangePorts = new RangePorts(bind, index, stride);
        this.onFinished = onFinished;
    }

    @Override
    public void start(AttemptSchedule attemptSchedule) {
        eventLoop.execute(() -> {
            pacer.start(attemptSchedule);
            pace();
        });
    }

    @Override
    public void stop() {
        eventLoop.execute(() -> {
            pacer.stop();
            finishIfIdle();
        });
    }

    ChurnCounters counters() {
        return counters;
    }

    ExchangeRules rules() {
        return rules;
    }

    /** The time as this loop and its attempts see it. */
    NanoClock clock() {
        return clock;
    }

    /** Called by an attempt, on this loop, exactly once when it completes or fails. */
    void attemptEnded() {
        pacer.ended();
        if (!pacing) { // an attempt that fails inside start() is picked up by the running turn
            pace();
        }
    }

    private void pace() {
        pacing = true;
        Pacer.Turn turn;
        try {
            turn = pacer.pace(clock, this);
        } finally {
            pacing = false;
        }
        switch (turn) {
            case DUE_LATER -> wakeUpAt(pacer.nextDueNs());
            case TURN_SPENT -> resumeAfterIo();
            case CAP_FULL, NO_MORE -> finishIfIdle();
        }
    }

    /** Goes on starting attempts after the event loop has handled the I/O that is ready. */
    private void resumeAfterIo() {
        if (!resumePending) {
            resumePending = true;
            eventLoop.execute(() -> {
                resumePending = false;
                pace();
            });
        }
    }

    private void wakeUpAt(long dueNs) {
        if (!wakeUpPending) {
            wakeUpPending = true;
            eventLoop.schedule(() -> {
                wakeUpPending = false;
                pace();
            }, Math.max(MIN_SLEEP_NS, dueNs - clock.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void start(long k, long dueNs, long nowNs) {
        open(new ClientAttempt(this, dueNs, nowNs, targets.remote(k), targets.source(k), 0));
    }

    /**
     * Opens a socket for the attempt: bind as the bind mode says, then connect. The attempt is the
     * channel's only handler: this bootstrap belongs to this loop alone and register() installs
     * its handler before returning, so setting it per attempt is safe.
     */
    private void open(ClientAttempt attempt) {
        ChannelFuture registration = bootstrap.handler(attempt).register();
        if (registration.isDone() && !registration.isSuccess()) {
            // socket() itself failed (EMFILE, ENFILE, ENOBUFS): there is no channel on this loop to wait for.
            attempt.fail(registration.cause());
            return;
        }
        Channel channel = registration.channel();
        // The deadline bounds the connection (from its first socket), not the wait for a slot: time spent
        // queued shows as latency from the scheduled start, as late attempts, and as attempts not started.
        attempt.armTimeout(eventLoop, channel, attempt.startNs() + rules.timeoutNs() - clock.nanoTime());
        InetSocketAddress local = localAddress(attempt.source());
        registration.addListener(done -> {
            if (!done.isSuccess()) {
                attempt.fail(done.cause());
                channel.close();
            } else if (local == null) {
                channel.connect(attempt.remote()).addListener(attempt);
            } else {
                channel.connect(attempt.remote(), local).addListener(attempt);
            }
        });
    }

    /** What to bind before connect(): nothing, the address with port 0, or the next port of the range. */
    private InetSocketAddress localAddress(String source) {
        return switch (bind.mode()) {
            case NONE -> null;
            case PORT0, NO_PORT -> new InetSocketAddress(source, 0);
            case RANGE -> new InetSocketAddress(source, rangePorts.next());
        };
    }

    /**
     * The range bind mode found the port taken: try the next one, unless this attempt has already
     * used as many sockets as the loop has ports.
     *
     * @return true if a retry was started
     */
    boolean retry(ClientAttempt attempt) {
        if (!rangePorts.mayRetry(attempt.tries())) {
            return false;
        }
        counters.bindRetries.increment();
        open(attempt.nextTry());
        return true;
    }

    private void finishIfIdle() {
        if (pacer.finished() && !finished) {
            finished = true;
            onFinished.run();
        }
    }
}
