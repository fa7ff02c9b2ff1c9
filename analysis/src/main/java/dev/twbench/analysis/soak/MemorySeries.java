package dev.twbench.analysis.soak;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one memory series of a soak run moved after the warm-up.
 *
 * @param name             e.g. "client agent RSS"
 * @param statistic        how each window is summarised
 * @param atOneMinuteKiB   the value at the first sample from 60 s on; null for loads shorter than that
 * @param atEndKiB         the value at the last sample of the load
 * @param afterWarmupKiB   the window right after the warm-up, summarised
 * @param lastWindowKiB    the last window of the load, summarised
 * @param allowedGrowthKiB how much the last window may exceed the first and still count as flat
 */
public record MemorySeries(String name, Statistic statistic, Long atOneMinuteKiB, long atEndKiB, long afterWarmupKiB,
        long lastWindowKiB, long allowedGrowthKiB) {

    /** How a window of samples becomes one value. */
    public enum Statistic {
        /** For a resident set: steady, with the odd spike. */
        MEDIAN,
        /** For a heap: its floor, reached after each collection; everything above it is garbage. */
        MINIMUM
    }

    @JsonProperty
    public long growthKiB() {
        return lastWindowKiB - afterWarmupKiB;
    }

    @JsonProperty
    public boolean flat() {
        return growthKiB() <= allowedGrowthKiB;
    }
}
