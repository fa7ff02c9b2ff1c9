package dev.twbench.analysis.capacity;

import java.util.List;

/**
 * What the capacity model predicts of a NAT at a given load ({@link NatModel}).
 *
 * @param pool              mappings the load can use to its one destination
 * @param sustainableCps    new connections per second the pool sustains; null when ports held
 *                          after the close do not bound churn (Linux), or how long they are held
 *                          is not known
 * @param runsOutSeconds    seconds of load until the pool is full and new connections' SYNs are
 *                          dropped; null if it lasts
 * @param reuseStartsSeconds Linux: when every port has been used once and new connections start to
 *                          take over ports whose entries are in TIME_WAIT; null for other NATs
 * @param reasoning         the steps, in sentences
 */
public record NatPrediction(long pool, Double sustainableCps, Double runsOutSeconds, Double reuseStartsSeconds,
        List<String> reasoning) {
    public NatPrediction {
        reasoning = List.copyOf(reasoning);
    }
}
