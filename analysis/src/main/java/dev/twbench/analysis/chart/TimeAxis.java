package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.record.TimeSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.XYStyler;

/**
 * The one time axis of every time chart of a run: from the load's start (0 s) to the run's last
 * recorded row, drain included, with the same ticks on every chart. Left to itself XChart fits
 * each chart to its own data, so a rate chart ran to 65 s (the drain) beside a latency chart that
 * stopped at 5 s (the load), and a reader compared moments that did not line up.
 *
 * <pre>{@code
 * TimeAxis axis = TimeAxis.of(run);       // 0 to the last row, e.g. 65.7 s
 * axis.applyTo(chart);                     // once the chart has all its series: ticks every 10 s
 * }</pre>
 *
 * @param endSeconds the axis' right end, in seconds since the load started
 */
record TimeAxis(double endSeconds) {
    /** At most this many steps from 0 to the end: each label keeps room to be read. */
    static final int STEPS_MAX = 10;
    /**
     * The part of a chart's width that is not plot: the y axis' title and labels, padding, a
     * right-hand axis (the NAT chart's). Only an estimate: {@link #applyTo} aims at the middle
     * of the range in which XChart picks the step, so charts whose plots differ by tens of
     * pixels still get the same step.
     */
    static final int BESIDE_PLOT_PX = 130;

    /** A run whose rows all sit at 0 s still gets an axis of some length. */
    private static final double SHORTEST_SECONDS = 1.0;

    /**
     * @param otherEndSeconds ends of data that is not in the rows (latency.hlog's last interval),
     *                        so that no chart draws past the axis
     */
    static TimeAxis of(RunResults run, double... otherEndSeconds) {
        return of(run.series(), otherEndSeconds);
    }

    /** To the last row of any side: a run across hosts has one side per host. */
    static TimeAxis of(TimeSeries series, double... otherEndSeconds) {
        double end = 0;
        for (String label : series.labels()) {
            TimeSeries.Rows rows = series.rows(label);
            for (int i = 0; i < rows.size(); i++) {
                end = Math.max(end, rows.elapsedMs(i) / 1000.0);
            }
        }
        for (double other : otherEndSeconds) {
            end = Math.max(end, other);
        }
        return new TimeAxis(end > 0 ? end : SHORTEST_SECONDS);
    }

    /** The step between ticks: the smallest of 1, 2 or 5 times a power of ten that needs at most {@link #STEPS_MAX}. */
    double stepSeconds() {
        int exponent = (int) Math.floor(Math.log10(endSeconds / STEPS_MAX));
        for (int e = exponent; ; e++) {
            for (int mantissa : new int[] {1, 2, 5}) {
                double step = mantissa * Math.pow(10, e);
                if (endSeconds / step <= STEPS_MAX + 1e-9) {
                    return step;
                }
            }
        }
    }

    /**
     * Sets the chart's x range to this axis and steers XChart to {@link #stepSeconds}: XChart
     * picks its step from {@code span / plot width * hint}, a step of 1, 2 or 5 (times a power
     * of ten) for a value in (0.75, 1.5], (1.5, 3.5] or (3.5, 7.5]; the hint aims at the middle
     * of the step's range (in ratio), so a plot up to about 30 % narrower or 40 % wider than
     * estimated still gets it. To call once the chart has all its series (it adds
     * {@link ChartStyle#roundTimeTicks}'s point).
     */
    void applyTo(XYChart chart) {
        XYStyler styler = chart.getStyler();
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(endSeconds);
        double step = stepSeconds();
        int exponent = (int) Math.floor(Math.log10(step) + 1e-9);
        double mantissa = step / Math.pow(10, exponent);
        double aim = (mantissa < 1.5 ? Math.sqrt(0.75 * 1.5) : mantissa < 3.5 ? Math.sqrt(1.5 * 3.5)
                : Math.sqrt(3.5 * 7.5)) * Math.pow(10, exponent);
        double plotPx = styler.getPlotContentSize() * (chart.getWidth() - BESIDE_PLOT_PX);
        styler.setXAxisTickMarkSpacingHint((int) Math.round(aim * plotPx / endSeconds));
        // As many decimals as the step has: "#,##0.#" would print 0.05 s steps as 0.1, 0.1, ...
        styler.setXAxisDecimalPattern(exponent >= 0 ? "#,##0" : "#,##0." + "#".repeat(-exponent));
        ChartStyle.roundTimeTicks(chart);
    }
}
