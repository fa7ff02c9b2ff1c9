package dev.twbench.analysis.capacity;

import dev.twbench.loadgen.scenario.Side;
import java.util.List;
import java.util.Map;

/**
 * What the capacity model expects of a load, before anything runs.
 *
 * @param portPool          client 4-tuples that can each hold one TIME_WAIT at a time
 * @param sustainableCps    the highest rate the client's ports keep up with for ever;
 *                          {@link Double#POSITIVE_INFINITY} where ports do not limit it
 * @param exhaustionSeconds when, at the input rate, the client's ports run out; null if they never do.
 *                          It assumes the client keeps its schedule: the earliest they can run out
 * @param connectSlowsSeconds when, at the input rate, one parity of the ports (the even ones, which
 *                          connect() tries first) is all in TIME_WAIT: from then on each connect()
 *                          walks them before it takes an odd port, and the client falls behind, so
 *                          the ports run out later than {@code exhaustionSeconds}; null where
 *                          connect() does not choose the port or the ports never run out
 * @param plateau           per side: the TIME_WAIT level at steady state (after 60 s), with what caps it
 * @param peakInLoad        per side: the highest TIME_WAIT level a load of the input's length reaches
 * @param reasoning         the formulas applied, in plain sentences, for the report
 */
public record CapacityPrediction(
        long portPool,
        double sustainableCps,
        Double exhaustionSeconds,
        Double connectSlowsSeconds,
        Map<Side, Level> plateau,
        Map<Side, Level> peakInLoad,
        List<String> reasoning) {

    /**
     * A predicted TIME_WAIT level and the limit that sets it.
     *
     * @param sockets the level
     * @param limit   {@code rate x 60 s}, {@code rate x load}, {@code ports}, {@code tcp_max_tw_buckets},
     *                {@code source-port cycle} or {@code no active close}
     */
    public record Level(long sockets, String limit) {
    }

    public boolean portsLimitRate() {
        return Double.isFinite(sustainableCps);
    }
}
