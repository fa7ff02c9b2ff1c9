package dev.twbench.loadgen.engine;

import org.HdrHistogram.Histogram;

/** A few percentiles of one histogram, in microseconds; {@code count == 0} means nothing was recorded. */
public record LatencyDigest(long count, long p50Us, long p99Us, long p999Us, long maxUs) {
    public static final LatencyDigest EMPTY = new LatencyDigest(0, 0, 0, 0, 0);

    public static LatencyDigest of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencyDigest(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
