package dev.twbench.analysis.chart;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * A logarithmic y axis a reader can read values off. XChart labels a log axis at its decades
 * only, so latencies from 0.2 to 25 ms got two labels, 1 and 10. Here: every decade (1, 10, 100,
 * 1,000 ...), and where the values span less than {@link #DECADES_FOR_DECADES_ONLY} decades the 2
 * and 5 of each decade too; the axis ends on labelled values, with at least three of them.
 *
 * <pre>{@code
 * LogAxis.spanning(0.15, 25).labelled();      // [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50]
 * LogAxis.spanning(6.6, 83_740).labelled();   // [1, 10, 100, 1000, 10000, 100000]
 * LogAxis.spanning(0.15, 25).applyTo(chart.getStyler());
 * }</pre>
 *
 * @param lowest       the axis' bottom, a labelled value
 * @param highest      the axis' top, a labelled value
 * @param intermediate whether 2 and 5 of each decade are labelled besides its 1
 */
record LogAxis(double lowest, double highest, boolean intermediate) {
    /** From this many decades on, decades alone give labels enough (four or more). */
    static final double DECADES_FOR_DECADES_ONLY = 3;
    /** Fewer labels than this and a reader cannot tell how the scale runs. */
    static final int LABELS_MIN = 3;
    /**
     * Values whose largest is more than this many times the smallest are drawn on a log axis: on
     * a linear one the small ones are too short to see (7 µs beside 80 ms).
     */
    static final double ORDERS_OF_MAGNITUDE_RATIO = 100;

    private static final int[] ONE_TWO_FIVE = {1, 2, 5};
    private static final int[] ONE = {1};
    /** Relative slack when telling whether a tick XChart computed ({@code 10^i * j}) is a labelled value. */
    private static final double SLACK = 1e-6;

    /** Whether values from {@code min} to {@code max} need a log axis to be seen at all. */
    static boolean needed(double min, double max) {
        return min > 0 && max / min > ORDERS_OF_MAGNITUDE_RATIO;
    }

    /** The axis for values from {@code min} to {@code max}, both above 0. */
    static LogAxis spanning(double min, double max) {
        if (!(min > 0) || !(max >= min)) {
            throw new IllegalArgumentException("a log axis needs 0 < min <= max, not " + min + " and " + max);
        }
        boolean intermediate = Math.log10(max / min) < DECADES_FOR_DECADES_ONLY;
        int[] mantissas = intermediate ? ONE_TWO_FIVE : ONE;
        double lowest = atOrBelow(min, mantissas);
        double highest = atOrAbove(max, mantissas);
        LogAxis axis = new LogAxis(lowest, highest, intermediate);
        // Widened a label at a time, below then above, so that the values stay mid-axis.
        for (boolean below = true; axis.labelled().size() < LABELS_MIN; below = !below) {
            axis = below ? new LogAxis(atOrBelow(axis.lowest * (1 - 10 * SLACK), mantissas), axis.highest, intermediate)
                    : new LogAxis(axis.lowest, atOrAbove(axis.highest * (1 + 10 * SLACK), mantissas), intermediate);
        }
        return axis;
    }

    /** The values labelled, from the bottom of the axis to its top. */
    List<Double> labelled() {
        int[] mantissas = intermediate ? ONE_TWO_FIVE : ONE;
        List<Double> values = new ArrayList<>();
        for (int e = decade(lowest); e <= decade(highest); e++) {
            for (int m : mantissas) {
                double v = m * Math.pow(10, e);
                if (v >= lowest * (1 - SLACK) && v <= highest * (1 + SLACK)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /**
     * A tick's label: the value if it is labelled, else empty (the tick and its grid line stay,
     * as on log paper). {@code 0.05}, {@code 2}, {@code 1,000}: thousands separated as on every
     * other axis, decimals as many as the value has.
     */
    String label(double tick) {
        int e = decade(tick);
        double mantissa = tick / Math.pow(10, e);
        long m = Math.round(mantissa);
        boolean onLabel = Math.abs(mantissa - m) < SLACK * mantissa && (m == 1 || intermediate && (m == 2 || m == 5));
        if (!onLabel || tick < lowest * (1 - SLACK) || tick > highest * (1 + SLACK)) {
            return "";
        }
        return e >= 0 ? String.format(Locale.ROOT, "%,d", m * (long) Math.pow(10, e))
                : BigDecimal.valueOf(m).scaleByPowerOfTen(e).toPlainString();
    }

    /** Log scale, this axis' range, a tick at each 1 to 9 of a decade and labels on {@link #labelled}. */
    void applyTo(AxesChartStyler styler) {
        applyTo(styler, List.of());
    }

    /**
     * As {@link #applyTo(AxesChartStyler)}, for bars that print their values: XChart formats
     * those with the y axis' formatter too, and an empty label would break its drawing, so these
     * values are printed in full ({@code 83,740.367}) whatever the ticks do.
     */
    void applyTo(AxesChartStyler styler, List<Double> barValues) {
        styler.setYAxisLogarithmic(true);
        // Every tick, so that the formatter below decides which carry labels (XChart's decade-only
        // mode would hide the 2 and the 5).
        styler.setYAxisLogarithmicDecadeOnly(false);
        styler.setYAxisMin(lowest);
        styler.setYAxisMax(highest);
        DecimalFormat value = new DecimalFormat(ChartStyle.Y_DECIMAL_PATTERN, DecimalFormatSymbols.getInstance(Locale.ROOT));
        styler.setYAxisTickLabelsFormattingFunction(v -> barValues.contains(v) ? value.format(v) : label(v));
    }

    private static int decade(double v) {
        return (int) Math.floor(Math.log10(v) + SLACK);
    }

    /** The largest labelled value at or below {@code v}. */
    private static double atOrBelow(double v, int[] mantissas) {
        for (int e = decade(v); ; e--) {
            for (int i = mantissas.length - 1; i >= 0; i--) {
                double candidate = mantissas[i] * Math.pow(10, e);
                if (candidate <= v * (1 + SLACK)) {
                    return candidate;
                }
            }
        }
    }

    /** The smallest labelled value at or above {@code v}. */
    private static double atOrAbove(double v, int[] mantissas) {
        for (int e = decade(v); ; e++) {
            for (int m : mantissas) {
                double candidate = m * Math.pow(10, e);
                if (candidate >= v * (1 - SLACK)) {
                    return candidate;
                }
            }
        }
    }
}
