package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The client's cycle latency (scheduled start until the socket closed) per interval, from
 * latency.hlog: one point per interval for each percentile. The y axis is logarithmic because a
 * stall or a SYN retransmit (1 s) sits orders of magnitude above the median.
 */
final class LatencyChart {
    static final List<String> SERIES = List.of("p50", "p99", "p99.9", "max");

    private static final double US_PER_MS = 1000.0;

    private LatencyChart() {
    }

    static XYChart of(RunResults run) throws IOException {
        LatencyCurves cycle = Files.exists(run.latencyLog())
                ? LatencyCurves.read(run.latencyLog(), LatencyCurves.CYCLE) : null;
        boolean empty = cycle == null || cycle.isEmpty();
        XYChart chart = ChartStyle.xy("Client cycle latency per interval (from scheduled start to close)"
                + (empty ? " (no data)" : ""), ChartStyle.TIME_AXIS, "latency (ms, log scale)");
        if (empty) {
            return Placeholder.add(chart);
        }
        chart.getStyler().setYAxisLogarithmic(true);
        // With under a thousand samples in an interval, p99, p99.9 and max are the same value:
        // the highest is drawn first and widest, so lines that meet show as bands, not as one.
        add(chart, 3, cycle.maxUs()).setLineWidth(7f);
        add(chart, 2, cycle.p999Us()).setLineWidth(4.5f);
        add(chart, 1, cycle.p99Us());
        add(chart, 0, cycle.p50Us());
        ChartStyle.roundTimeTicks(chart);
        return chart;
    }

    private static XYSeries add(XYChart chart, int i, TimePoints valueUs) {
        // Milliseconds read better than microseconds at this range; HdrHistogram's values are >= 1 us, never 0.
        TimePoints ms = new TimePoints(valueUs.seconds(),
                Arrays.stream(valueUs.values()).map(us -> Math.max(1, us) / US_PER_MS).toArray());
        return new Curve(SERIES.get(i), ms).drawOn(chart, i);
    }
}
