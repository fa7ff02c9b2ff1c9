package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the client load: attempts {@code k = index, index + stride, ...}.
 * Everything here runs on that loop, so there are no locks; only the shared
 * {@link ChurnCounters} are read from another thread.
 *
 * <p>The loop starts every attempt that is due, as long as fewer than {@code cap} of its
 * connections are open; then it sleeps until the next one is due or a connection ends. An
 * attempt held back by the cap starts as soon as a slot frees, with its latency still
 * measured from its scheduled time, and counts as late if it started more than
 * {@link #LATE_NS} after that time. When the load's time is up nothing more starts: what is
 * due and not started by then is reported as not started.
 *
 * <p>All it believes about the time (what is due, what is late, an attempt's remaining time,
 * latencies) comes from the engine's {@link NanoClock}, so a test can move time by hand; its
 * wake-up timers wait in real time and, finding the clock unmoved, wait again.
 */
final class ClientLoop {
    /** An attempt starting later than this after its scheduled time counts as late. */
    static final long LATE_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Wake-ups closer together than this are batched: one timer per 50 us at most. */
    private static final long MIN_SLEEP_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Attempts started per turn of the event loop at most, and time spent starting them, before it
     * goes back to I/O. Without a bound, attempts that fail at once (EADDRNOTAVAIL when ports run
     * out) free their slot for the next overdue one, and a connect() that walks a nearly full port
     * range costs milliseconds: either way the connections already in flight would starve.
     */
    private static final int MAX_STARTS_PER_TURN = 64;
    private static final long MAX_STARTING_NS_PER_TURN = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventLoop eventLoop;
    private final Bootstrap bootstrap;
    private final ClientTargets targets;
    private final ClientBind bind;
    private final ChurnCounters counters;
    private final ExchangeRules rules;
    private final NanoClock clock;
    private final int index;
    private final int stride;
    private final int cap;
    private final Runnable onFinished;
    /** Ports of twbench's own range that this loop walks: low + index, low + index + stride, ... */
    private final int rangeShare;

    private AttemptSchedule schedule;
    private long nextAttempt;
    private int rangeCursor;
    private int inFlight;
    private boolean noMoreAttempts;
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
        this.index = index;
        this.nextAttempt = index;
        this.stride = stride;
        this.cap = cap;
        this.onFinished = onFinished;
        this.rangeShare = bind.mode() == ClientBind.Mode.RANGE ? (bind.rangeSize() - index + stride - 1) / stride : 0;
        if (bind.mode() == ClientBind.Mode.RANGE && rangeShare < 1) {
            throw new IllegalArgumentException("loop " + index + " of " + stride + " has no port of " + bind
                    + ": use no more event loops than ports");
        }
    }

    void start(AttemptSchedule attemptSchedule) {
        eventLoop.execute(() -> {
            schedule = attemptSchedule;
            pace();
        });
    }

    /** No new attempts; those in flight finish (or time out). */
    void stop() {
        eventLoop.execute(() -> {
            noMoreAttempts = true;
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
        inFlight--;
        if (!pacing) { // an attempt that fails inside startAttempt is picked up by the running loop below
            pace();
        }
    }

    private void pace() {
        pacing = true;
        try {
            long now = clock.nanoTime();
            long turnStart = now;
            int started = 0;
            while (!noMoreAttempts && inFlight < cap) {
                if (started == MAX_STARTS_PER_TURN || now - turnStart > MAX_STARTING_NS_PER_TURN) {
                    resumeAfterIo();
                    return;
                }
                long due = schedule.dueNs(nextAttempt, now);
                if (due == AttemptSchedule.NEVER || schedule.isOver(now)) {
                    noMoreAttempts = true;
                    break;
                }
                if (due > now) {
                    wakeUpAt(due, now);
                    return;
                }
                long k = nextAttempt;
                nextAttempt += stride;
                startAttempt(k, due, now);
                started++;
                now = clock.nanoTime();
            }
        } finally {
            pacing = false;
        }
        finishIfIdle();
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

    private void wakeUpAt(long dueNs, long nowNs) {
        if (!wakeUpPending) {
            wakeUpPending = true;
            eventLoop.schedule(() -> {
                wakeUpPending = false;
                pace();
            }, Math.max(MIN_SLEEP_NS, dueNs - nowNs), TimeUnit.NANOSECONDS);
        }
    }

    private void startAttempt(long k, long dueNs, long nowNs) {
        inFlight++;
        counters.started.increment();
        if (nowNs - dueNs > LATE_NS) {
            counters.late.increment();
        }
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
            case RANGE -> new InetSocketAddress(source, nextRangePort());
        };
    }

    private int nextRangePort() {
        int port = bind.lowPort() + index + rangeCursor * stride;
        rangeCursor = (rangeCursor + 1) % rangeShare;
        return port;
    }

    /**
     * The range bind mode found the port taken: try the next one, unless this attempt has already
     * used as many sockets as the loop has ports. The cursor is shared by the loop's attempts in
     * flight, so an attempt may meet a port twice and skip another; it still gives up after that
     * many tries.
     *
     * @return true if a retry was started
     */
    boolean retry(ClientAttempt attempt) {
        if (bind.mode() != ClientBind.Mode.RANGE || attempt.tries() >= rangeShare) {
            return false;
        }
        counters.bindRetries.increment();
        open(attempt.nextTry());
        return true;
    }

    private void finishIfIdle() {
        if (noMoreAttempts && inFlight == 0 && !finished) {
            finished = true;
            onFinished.run();
        }
    }
}
