package dev.twbench.loadgen.record;

import java.util.Map;

/**
 * summary.json: the run's outcome in numbers, every one computed from what was recorded.
 *
 * @param endReason             {@code completed}, {@code interrupted}, or why the run stopped early
 * @param targetRateCps         the open-loop rate; null for {@code --rate max}
 * @param loadSeconds           from Go until the load stopped (the duration, or less if interrupted)
 * @param notStarted            attempts that became due but had not started when the load stopped
 * @param achievedRateCps       completed / loadSeconds
 * @param failures              errno name (or TIMEOUT, EARLY_EOF, OTHER) to count, client side
 * @param serverFailures        the same, seen by the server
 * @param firstFailureSecond    seconds from Go to the client's first failure; null if none
 * @param timeWait              per side ("client", "server")
 * @param measuredTimeWaitSeconds TIME_WAIT lifetime measured in the drain tail of the side that
 *                              held most; null without a (complete) drain
 * @param latencyUs             "connect" and "cycle", microseconds from the scheduled start
 * @param samples               ticks recorded (each one row per side)
 * @param drainSeconds          length of the drain phase; null without drain
 */
public record Summary(
        String runId,
        boolean interrupted,
        String endReason,
        Long targetRateCps,
        double loadSeconds,
        long attemptsDue,
        long attemptsStarted,
        long connected,
        long completed,
        long late,
        long notStarted,
        long failed,
        double achievedRateCps,
        Map<String, Long> failures,
        Map<String, Long> serverFailures,
        Double firstFailureSecond,
        Map<String, SideTimeWait> timeWait,
        Double measuredTimeWaitSeconds,
        Map<String, LatencyDigest> latencyUs,
        long samples,
        Double drainSeconds) {

    /**
     * One side's TIME_WAIT story.
     *
     * @param start           level at Go
     * @param peak            highest level seen
     * @param end             level at the last sample
     * @param entered         TcpExt TW during the run: sockets that entered TIME_WAIT
     * @param recycled        TcpExt TWRecycled during the run
     * @param overflow        TcpExt TCPTimeWaitOverflow during the run
     * @param lifetimeSeconds measured TIME_WAIT lifetime on this side; null if not measurable
     */
    public record SideTimeWait(long start, long peak, long end, long entered, long recycled, long overflow,
            Double lifetimeSeconds) {
    }
}
