package dev.twbench.loadgen.engine;

import java.util.concurrent.TimeUnit;

/**
 * Which of one loop's attempts start now: the pacing every client loop shares, whatever drives
 * its sockets. The loop's share is attempts {@code k = index, index + stride, ...}; it starts every
 * attempt that is due, as long as fewer than {@code cap} of its connections are open. An attempt
 * held back by the cap starts as soon as a slot frees, with its latency still measured from its
 * scheduled time, and counts as late if it started more than {@link #LATE_NS} after that time.
 * When the load's time is up nothing more starts: what is due and not started by then is
 * reported as not started. Single-threaded: the loop that owns it calls everything.
 *
 * <pre>{@code
 * pacer.start(schedule);
 * while (!pacer.finished()) {
 *     switch (pacer.pace(clock.nanoTime(), starter)) {
 *         case DUE_LATER -> waitForIoUntil(pacer.nextDueNs());
 *         case TURN_SPENT -> pollIo();            // then pace again at once
 *         case CAP_FULL, NO_MORE -> waitForIo();  // a connection must end first
 *     }
 *     ...                                        // each ending attempt calls pacer.ended()
 * }
 * }</pre>
 */
final class Pacer {
    /** An attempt starting later than this after its scheduled time counts as late. */
    static final long LATE_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * Attempts started per turn of the loop at most, and time spent starting them, before it
     * goes back to I/O. Without a bound, attempts that fail at once (EADDRNOTAVAIL when ports run
     * out) free their slot for the next overdue one, and a connect() that walks a nearly full port
     * range costs milliseconds: either way the connections already in flight would starve.
     */
    static final int MAX_STARTS_PER_TURN = 64;
    static final long MAX_STARTING_NS_PER_TURN = TimeUnit.MILLISECONDS.toNanos(1);

    /** Starts attempt {@code k}; it must call {@link #ended()} exactly once, later or at once. */
    interface Starter {
        void start(long k, long dueNs, long nowNs);
    }

    /** Why a turn stopped starting attempts. */
    enum Turn {
        /** The next attempt is due at {@link #nextDueNs()}. */
        DUE_LATER,
        /** This turn's budget is spent with attempts still due: serve I/O, then pace again. */
        TURN_SPENT,
        /** The in-flight cap is reached: an ending connection frees a slot. */
        CAP_FULL,
        /** Nothing more will start. */
        NO_MORE
    }

    private final ChurnCounters counters;
    private final int stride;
    private final int cap;
    private AttemptSchedule schedule;
    private long nextAttempt;
    private long nextDueNs;
    private int inFlight;
    private boolean noMoreAttempts;

    Pacer(ChurnCounters counters, int index, int stride, int cap) {
        this.counters = counters;
        this.nextAttempt = index;
        this.stride = stride;
        this.cap = cap;
    }

    void start(AttemptSchedule attemptSchedule) {
        schedule = attemptSchedule;
    }

    /** No new attempts; those in flight finish (or time out). */
    void stop() {
        noMoreAttempts = true;
    }

    /** An attempt ended (completed or failed): its slot is free. */
    void ended() {
        inFlight--;
    }

    /** True once no attempt is left to start and none is in flight. */
    boolean finished() {
        return noMoreAttempts && inFlight == 0;
    }

    /** When the next attempt is due, after a {@link Turn#DUE_LATER} turn. */
    long nextDueNs() {
        return nextDueNs;
    }

    /** Starts what is due now, within the turn's budget, and says why it stopped. */
    Turn pace(NanoClock clock, Starter starter) {
        long now = clock.nanoTime();
        long turnStart = now;
        int started = 0;
        while (!noMoreAttempts) {
            if (inFlight >= cap) {
                return Turn.CAP_FULL;
            }
            if (started == MAX_STARTS_PER_TURN || now - turnStart > MAX_STARTING_NS_PER_TURN) {
                return Turn.TURN_SPENT;
            }
            long due = schedule.dueNs(nextAttempt, now);
            if (due == AttemptSchedule.NEVER || schedule.isOver(now)) {
                noMoreAttempts = true;
                break;
            }
            if (due > now) {
                nextDueNs = due;
                return Turn.DUE_LATER;
            }
            long k = nextAttempt;
            nextAttempt += stride;
            inFlight++;
            counters.started.increment();
            if (now - due > LATE_NS) {
                counters.late.increment();
            }
            starter.start(k, due, now);
            started++;
            now = clock.nanoTime();
        }
        return Turn.NO_MORE;
    }
}
