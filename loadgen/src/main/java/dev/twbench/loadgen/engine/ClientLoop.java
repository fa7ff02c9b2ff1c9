package dev.twbench.loadgen.engine;

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
 */
final class ClientLoop {
    /** An attempt starting later than this after its scheduled time counts as late. */
    static final long LATE_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Wake-ups closer together than this are batched: one timer per 50 us at most. */
    private static final long MIN_SLEEP_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final EventLoop eventLoop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress server;
    private final ChurnCounters counters;
    private final ExchangeRules rules;
    private final int stride;
    private final int cap;
    private final Runnable onFinished;

    private AttemptSchedule schedule;
    private long nextAttempt;
    private int inFlight;
    private boolean noMoreAttempts;
    private boolean wakeUpPending;
    private boolean pacing;
    private boolean finished;

    ClientLoop(EventLoop eventLoop, Bootstrap bootstrap, InetSocketAddress server, ChurnCounters counters,
            ExchangeRules rules, int index, int stride, int cap, Runnable onFinished) {
        this.eventLoop = eventLoop;
        this.bootstrap = bootstrap;
        this.server = server;
        this.counters = counters;
        this.rules = rules;
        this.nextAttempt = index;
        this.stride = stride;
        this.cap = cap;
        this.onFinished = onFinished;
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
            long now = System.nanoTime();
            while (!noMoreAttempts && inFlight < cap) {
                long due = schedule.dueNs(nextAttempt, now);
                if (due == AttemptSchedule.NEVER || schedule.isOver(now)) {
                    noMoreAttempts = true;
                    break;
                }
                if (due > now) {
                    wakeUpAt(due, now);
                    return;
                }
                nextAttempt += stride;
                startAttempt(due, now);
                now = System.nanoTime();
            }
        } finally {
            pacing = false;
        }
        finishIfIdle();
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

    private void startAttempt(long dueNs, long nowNs) {
        inFlight++;
        counters.started.increment();
        if (nowNs - dueNs > LATE_NS) {
            counters.late.increment();
        }
        ClientAttempt attempt = new ClientAttempt(this, dueNs);
        ChannelFuture registration = bootstrap.register();
        if (registration.isDone() && !registration.isSuccess()) {
            // socket() itself failed (EMFILE, ENFILE, ENOBUFS): there is no channel on this loop to wait for.
            attempt.fail(registration.cause());
            return;
        }
        Channel channel = registration.channel();
        channel.pipeline().addLast(attempt);
        attempt.armTimeout(eventLoop, channel);
        registration.addListener(done -> {
            if (done.isSuccess()) {
                channel.connect(server).addListener(attempt);
            } else {
                attempt.fail(done.cause());
                channel.close();
            }
        });
    }

    private void finishIfIdle() {
        if (noMoreAttempts && inFlight == 0 && !finished) {
            finished = true;
            onFinished.run();
        }
    }
}
