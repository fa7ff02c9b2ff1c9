package dev.twbench.loadgen.engine;

/**
 * When each attempt is due. Open loop: attempt {@code k} is due at {@code t0 + k / rate},
 * whatever happened to earlier attempts, so a slow server shows up as latency, late attempts
 * and attempts not started, instead of silently lowering the offered load. Closed loop: an
 * attempt is due the moment it can start. Either way nothing starts at or after
 * {@code t0 + duration}: an attempt due but not started by then is never started.
 *
 * <p>Times are whole nanoseconds computed exactly (no floating point), so a rate R over D
 * seconds schedules exactly R x D attempts.
 */
final class AttemptSchedule {
    /** No further attempt will ever be due. */
    static final long NEVER = Long.MAX_VALUE;
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final long startNs;
    private final long durationNs;
    private final long ratePerSecond; // 0 for the closed loop
    private final long maxAttempts;

    AttemptSchedule(long startNs, long durationNs, long ratePerSecond) {
        this(startNs, durationNs, ratePerSecond, Long.MAX_VALUE);
    }

    private AttemptSchedule(long startNs, long durationNs, long ratePerSecond, long maxAttempts) {
        this.startNs = startNs;
        this.durationNs = durationNs;
        this.ratePerSecond = ratePerSecond;
        this.maxAttempts = maxAttempts;
    }

    /** A closed loop of exactly {@code count} attempts, however long they take (a benchmark's batch). */
    static AttemptSchedule closedLoopOf(long startNs, long count) {
        return new AttemptSchedule(startNs, Long.MAX_VALUE, 0, count);
    }

    boolean isClosedLoop() {
        return ratePerSecond == 0;
    }

    /** True once the load's time is up: nothing may start any more. */
    boolean isOver(long nowNs) {
        return nowNs - startNs >= durationNs;
    }

    /** Due time of attempt {@code k}, or {@link #NEVER} if it falls at or after the end of the load. */
    long dueNs(long k, long nowNs) {
        if (k >= maxAttempts) {
            return NEVER;
        }
        long offset = isClosedLoop() ? nowNs - startNs : offsetNs(k);
        return offset < durationNs ? startNs + offset : NEVER;
    }

    /** How many attempts have become due by {@code nowNs}; only for the open loop. */
    long dueCount(long nowNs) {
        long elapsed = Math.min(nowNs - startNs, durationNs - 1);
        if (elapsed < 0) {
            return 0;
        }
        // Attempt k is due once ceil(k * 1e9 / rate) <= elapsed, i.e. k <= elapsed * rate / 1e9.
        return (elapsed / NS_PER_SECOND) * ratePerSecond + (elapsed % NS_PER_SECOND) * ratePerSecond / NS_PER_SECOND + 1;
    }

    /** ceil(k * 1e9 / rate), without overflow for any k a 24 h run at 1M/s can reach. */
    private long offsetNs(long k) {
        long wholeSeconds = k / ratePerSecond;
        long rest = k % ratePerSecond;
        return wholeSeconds * NS_PER_SECOND + (rest * NS_PER_SECOND + ratePerSecond - 1) / ratePerSecond;
    }
}
