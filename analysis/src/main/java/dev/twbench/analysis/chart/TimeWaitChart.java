package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * One side's TIME_WAIT level over the run, with the limits that bind it, the start of the drain,
 * and, when the side reached tcp_max_tw_buckets, the closes that skipped TIME_WAIT. A side that
 * held none (the server of a client-first run) gets a sentence saying so, and why, instead.
 */
final class TimeWaitChart {
    /**
     * A limit this many times above the curve's peak would squash the curve into the bottom of
     * the plot; it is named in the title instead.
     */
    static final double OFF_SCALE_FACTOR = 3.0;

    static final String SERIES = "TIME_WAIT sockets";
    static final String DRAIN_SERIES = "drain starts";
    static final String OVERFLOW_SERIES = "closes that skipped TIME_WAIT (overflow), cumulative";

    private static final String Y_AXIS = "sockets in TIME_WAIT";
    private static final String Y_AXIS_WITH_OVERFLOW = "sockets in TIME_WAIT; closes that skipped it";

    private TimeWaitChart() {
    }

    /** On the run's own time axis: for a chart looked at alone. */
    static Sketch of(RunResults run, Side side, List<CapacityLine> capacityLines) throws IOException {
        return of(run, side, capacityLines, TimeAxis.of(run));
    }

    static Sketch of(RunResults run, Side side, List<CapacityLine> capacityLines, TimeAxis axis) throws IOException {
        TimeSeries.Columns loaded = run.series().load(Counters.TIME_WAIT, Counters.TW_OVERFLOW);
        TimePoints tw = TimePoints.levels(loaded.get(side, Counters.TIME_WAIT));
        TimePoints overflow = overflow(run, loaded.get(side, Counters.TW_OVERFLOW));
        // The taller measured curve sets the scale that a limit is judged against.
        double peak = Math.max(tw.maxValue(), overflow.maxValue());
        List<CapacityLine> drawn = new ArrayList<>();
        List<CapacityLine> offScale = new ArrayList<>();
        for (CapacityLine line : capacityLines) {
            (line.sockets() > OFF_SCALE_FACTOR * peak ? offScale : drawn).add(line);
        }
        if (tw.isEmpty()) {
            return new Sketch.Blank(title(side), "The " + side.label() + "'s TIME_WAIT was not read in this run.");
        }
        if (peak == 0) {
            return new Sketch.Blank(title(side), noTimeWait(run, side));
        }
        XYChart chart = ChartStyle.xy(title(side, offScale), ChartStyle.TIME_AXIS,
                overflow.isEmpty() ? Y_AXIS : Y_AXIS_WITH_OVERFLOW);
        ChartStyle.fromZero(chart.getStyler(), Math.max(peak, drawn.stream().mapToLong(CapacityLine::sockets).max().orElse(0)));
        new Curve(SERIES, tw).drawOn(chart, 0);
        if (!overflow.isEmpty()) {
            // Listed beside the curve it explains, in the colour after the limits', so that the
            // limits keep theirs whether or not a run overflowed.
            new Curve(OVERFLOW_SERIES, overflow).drawOn(chart, 1 + drawn.size());
        }
        double top = peak;
        int colour = 1;
        for (CapacityLine line : drawn) {
            double y = line.sockets();
            top = Math.max(top, y);
            ChartStyle.limit(chart.addSeries(seriesName(line),
                    new double[] {tw.firstSecond(), tw.lastSecond()}, new double[] {y, y}), colour++);
        }
        OptionalDouble drain = TimePoints.drainStartSeconds(run.rows(side));
        if (drain.isPresent()) {
            double x = drain.getAsDouble();
            ChartStyle.marker(chart.addSeries(DRAIN_SERIES, new double[] {x, x}, new double[] {0, Math.max(top, 1)}));
        }
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }

    /**
     * Why a side held no TIME_WAIT, from the close order run.json names: the side that closes
     * first holds it, and a reset leaves it on neither (see {@link CloseOrder#holdsTimeWait}).
     */
    private static String noTimeWait(RunResults run, Side side) {
        String held = "The " + side.label() + " held no TIME_WAIT in this run";
        CloseOrder order = closeOrder(run);
        if (order == null || order.holdsTimeWait(side)) {
            return held + ".";
        }
        if (order.holdsTimeWait(side.other())) {
            return held + ": " + order.label() + " leaves it on the " + side.other().label() + ".";
        }
        return held + ": " + order.label() + " ends each connection with a reset, which leaves TIME_WAIT on"
                + " neither side.";
    }

    /** The run's close order, or null when run.json is missing or names none this twbench knows. */
    private static CloseOrder closeOrder(RunResults run) {
        String label = run.manifest() == null ? "" : run.manifest().path("scenario").path("closeOrder").asText("");
        try {
            return label.isEmpty() ? null : CloseOrder.parse(label);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /**
     * Closes on this side that found its TIME_WAIT table full: the kernel closed them at once, with
     * no TIME_WAIT socket (TcpExt TCPTimeWaitOverflow). Drawn cumulative, not per second: the
     * count is of connections, the unit of the chart's axis, so it shares the axis with the
     * TIME_WAIT level (flat at the limit meanwhile), reads as "this many had no TIME_WAIT by
     * then", and ends at summary.json's {@code overflow}; a rate would need an axis of its own.
     *
     * <p>{@link TimePoints#NONE} when the side had none, so a clean run's chart is unchanged, and
     * in the host lab, whose counters are the whole host's and belong to neither side.
     */
    static TimePoints overflow(RunResults run, TimeSeries.Column overflow) {
        if (!run.tcpExtPerSide() || overflow.sum() == 0) {
            return TimePoints.NONE;
        }
        return TimePoints.cumulative(overflow);
    }

    private static String title(Side side) {
        return "TIME_WAIT on the " + side.label();
    }

    /** Off-scale limits are named in the title, with their values if they fit. */
    private static String title(Side side, List<CapacityLine> offScale) {
        String base = title(side);
        if (offScale.isEmpty()) {
            return base;
        }
        String withValues = offScale.stream().map(l -> l.label() + " " + ChartStyle.count(l.sockets()))
                .collect(Collectors.joining(", "));
        String names = offScale.stream().map(CapacityLine::label).collect(Collectors.joining(", "));
        return ChartStyle.fittingTitle(base + " (off scale, not drawn: " + withValues + ")",
                base + " (off scale: " + names + ")",
                base + " (" + offScale.size() + " limits off scale, not drawn)");
    }

    static String seriesName(CapacityLine line) {
        return line.label() + " (" + ChartStyle.count(line.sockets()) + ")";
    }
}
