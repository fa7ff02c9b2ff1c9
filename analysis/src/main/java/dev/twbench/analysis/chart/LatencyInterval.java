package dev.twbench.analysis.chart;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One interval of latency.hlog for one tag, summed up; times in seconds since the load started,
 * latencies in microseconds.
 *
 * <pre>{@code
 * List<LatencyInterval> cycle = LatencyInterval.read(run.latencyLog(), "cycle");
 * }</pre>
 */
public record LatencyInterval(double startSecond, double endSecond, long count, long p50Us, long p99Us,
        long p999Us, long maxUs) {
    public static final String CONNECT = "connect";
    public static final String CYCLE = "cycle";

    /** Every interval of {@code tag} in the log, in order. */
    public static List<LatencyInterval> read(Path hlog, String tag) throws FileNotFoundException {
        List<LatencyInterval> intervals = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (tag.equals(next.getTag()) && next instanceof Histogram h) {
                    // The reader makes timestamps absolute (log start + offset); the charts count from Go.
                    double startSec = reader.getStartTimeSec();
                    intervals.add(new LatencyInterval(h.getStartTimeStamp() / 1000.0 - startSec,
                            h.getEndTimeStamp() / 1000.0 - startSec, h.getTotalCount(), h.getValueAtPercentile(50),
                            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue()));
                }
            }
        } finally {
            reader.close();
        }
        return intervals;
    }
}
