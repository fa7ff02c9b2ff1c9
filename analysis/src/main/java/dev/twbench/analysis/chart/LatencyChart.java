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
 * latency.hlog: one point per interval for each percentile. A run across hosts draws its merged
 * connect and cycle latency the same way ({@link FleetCharts}), under titles of its own. The y axis is logarithmic because a
 * stall or a SYN retransmit (1 s) sits orders of magnitude above the median; it is labelled at
 * each decade, and at its 2 and 5 too over a range of less than three (see {@link LogAxis}).
 */
final class LatencyChart {
    static final List<String> SERIES = List.of("p50", "p99", "p99.9", "max");
    static final String TITLE = "Client cycle latency per interval (from scheduled start to close)";

    private static final double US_PER_MS = 1000.0;

    private LatencyChart() {
    }

    /** The run's cycle curves, or null when it has no latency.hlog. */
    static LatencyCurves read(RunResults run) throws IOException {
        return Files.exists(run.latencyLog()) ? LatencyCurves.read(run.latencyLog(), LatencyCurves.CYCLE) : null;
    }

    /** On the run's own time axis: for a chart looked at alone. */
    static Sketch of(RunResults run) throws IOException {
        LatencyCurves cycle = read(run);
        return of(cycle, TimeAxis.of(run, cycle == null ? 0 : cycle.maxUs().lastSecond()));
    }

    /** @param cycle the run's cycle curves ({@link #read}), null if it has none */
    static Sketch of(LatencyCurves cycle, TimeAxis axis) {
        return of(cycle, LatencyCurves.CYCLE, TITLE, axis);
    }

    /**
     * @param curves one tag's curves, null if the run has no latency.hlog
     * @param metric the tag, as the sentence for an empty log names it: {@code connect}, {@code cycle}
     */
    static Sketch of(LatencyCurves curves, String metric, String title, TimeAxis axis) {
        if (curves == null || curves.isEmpty()) {
            return new Sketch.Blank(title, "No " + metric + " latency was recorded in this run (latency.hlog is "
                    + (curves == null ? "missing" : "empty") + ").");
        }
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "latency (ms, log scale)");
        // With under a thousand samples in an interval, p99, p99.9 and max are the same value:
        // the highest is drawn first and widest, so lines that meet show as bands, not as one.
        TimePoints max = ms(curves.maxUs());
        TimePoints p50 = ms(curves.p50Us());
        add(chart, 3, max).setLineWidth(7f);
        add(chart, 2, ms(curves.p999Us())).setLineWidth(4.5f);
        add(chart, 1, ms(curves.p99Us()));
        add(chart, 0, p50);
        // p50 is each interval's lowest curve, max its highest.
        LogAxis.spanning(Arrays.stream(p50.values()).min().orElse(1 / US_PER_MS), max.maxValue())
                .applyTo(chart.getStyler());
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }

    /** Milliseconds read better than microseconds at this range; HdrHistogram's values are >= 1 us, never 0. */
    private static TimePoints ms(TimePoints valueUs) {
        return new TimePoints(valueUs.seconds(),
                Arrays.stream(valueUs.values()).map(us -> Math.max(1, us) / US_PER_MS).toArray());
    }

    private static XYSeries add(XYChart chart, int i, TimePoints ms) {
        return new Curve(SERIES.get(i), ms).drawOn(chart, i);
    }
}
