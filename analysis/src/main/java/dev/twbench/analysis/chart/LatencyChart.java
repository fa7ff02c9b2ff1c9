package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.ToLongFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The client's cycle latency (scheduled start until the socket closed) per interval, from
 * latency.hlog: one point per interval for each percentile. The y axis is logarithmic because a
 * stall or a SYN retransmit (1 s) sits orders of magnitude above the median.
 */
final class LatencyChart {
    static final List<String> SERIES = List.of("p50", "p99", "p99.9", "max");

    private LatencyChart() {
    }

    static XYChart of(RunResults run) throws IOException {
        List<LatencyInterval> intervals = Files.exists(run.latencyLog())
                ? LatencyInterval.read(run.latencyLog(), LatencyInterval.CYCLE) : List.of();
        XYChart chart = ChartStyle.xy("Client cycle latency per interval (from scheduled start to close)"
                + (intervals.isEmpty() ? " (no data)" : ""), ChartStyle.TIME_AXIS, "latency (ms, log scale)");
        if (intervals.isEmpty()) {
            return Placeholder.add(chart);
        }
        chart.getStyler().setYAxisLogarithmic(true);
        double[] x = intervals.stream().mapToDouble(LatencyInterval::endSecond).toArray();
        // With under a thousand samples in an interval, p99, p99.9 and max are the same value:
        // the highest is drawn first and widest, so lines that meet show as bands, not as one.
        add(chart, 3, x, intervals, LatencyInterval::maxUs).setLineWidth(7f);
        add(chart, 2, x, intervals, LatencyInterval::p999Us).setLineWidth(4.5f);
        add(chart, 1, x, intervals, LatencyInterval::p99Us);
        add(chart, 0, x, intervals, LatencyInterval::p50Us);
        ChartStyle.roundTimeTicks(chart);
        return chart;
    }

    private static XYSeries add(XYChart chart, int i, double[] x, List<LatencyInterval> intervals,
            ToLongFunction<LatencyInterval> valueUs) {
        // Milliseconds read better than microseconds at this range; HdrHistogram's values are >= 1 us, never 0.
        double[] ms = intervals.stream().mapToDouble(v -> Math.max(1, valueUs.applyAsLong(v)) / 1000.0).toArray();
        return ChartStyle.line(chart.addSeries(SERIES.get(i), x, ms), i);
    }
}
