package dev.twbench.loadgen.engine;

/**
 * When each attempt is due. Open loop: attempt {@code k} is due at {@code t0 + k / rate},
 * whatever happened to earlier attempts, so a slow server shows up as latency and late
 * attempts instead of silently lowering the offered load. Closed loop: an attempt is due the
 * moment it can start. Either way no attempt is due at or after {@code t0 + duration}.
 */
final class AttemptSchedule {
    /** No further attempt will ever be due. */
    static final long NEVER = Long.MAX_VALUE;

    private final long startNs;
    private final long endNs;
    private final double periodNs; // 0 for the closed loop
    private final long maxAttempts;

    AttemptSchedule(long startNs, long durationNs, long ratePerSecond) {
        this(startNs, durationNs, ratePerSecond, Long.MAX_VALUE);
    }

    /** @param maxAttempts no attempt {@code k >= maxAttempts} is ever due */
    AttemptSchedule(long startNs, long durationNs, long ratePerSecond, long maxAttempts) {
        this.startNs = startNs;
        this.endNs = startNs + durationNs;
        this.periodNs = ratePerSecond == 0 ? 0 : 1e9 / ratePerSecond;
        this.maxAttempts = maxAttempts;
    }

    boolean isClosedLoop() {
        return periodNs == 0;
    }

    long startNs() {
        return startNs;
    }

    /** Due time of attempt {@code k}, or {@link #NEVER} if it falls after the end of the load. */
    long dueNs(long k, long nowNs) {
        if (k >= maxAttempts) {
            return NEVER;
        }
        long due = isClosedLoop() ? nowNs : startNs + (long) (k * periodNs);
        return due < endNs ? due : NEVER;
    }

    /** How many attempts have become due by {@code nowNs}; only for the open loop. */
    long dueCount(long nowNs) {
        if (nowNs < startNs) {
            return 0;
        }
        long lastNs = Math.min(nowNs, endNs - 1);
        return (long) ((lastNs - startNs) / periodNs) + 1;
    }
}
