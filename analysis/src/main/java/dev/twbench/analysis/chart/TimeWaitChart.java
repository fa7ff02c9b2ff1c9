package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * One side's TIME_WAIT level over the run, with the limits that bind it, the start of the drain,
 * and, when the side reached tcp_max_tw_buckets, the closes that skipped TIME_WAIT.
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

    static XYChart of(RunResults run, Side side, List<CapacityLine> capacityLines) throws IOException {
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
        XYChart chart = ChartStyle.xy(title(side, tw.isEmpty(), offScale), ChartStyle.TIME_AXIS,
                overflow.isEmpty() ? Y_AXIS : Y_AXIS_WITH_OVERFLOW);
        ChartStyle.fromZero(chart.getStyler(), Math.max(peak, drawn.stream().mapToLong(CapacityLine::sockets).max().orElse(0)));
        if (tw.isEmpty()) {
            return Placeholder.add(chart);
        }
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
        ChartStyle.roundTimeTicks(chart);
        return chart;
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

    /** Off-scale limits are named in the title, with their values if they fit. */
    private static String title(Side side, boolean empty, List<CapacityLine> offScale) {
        String base = "TIME_WAIT on the " + side.label() + (empty ? " (no readings)" : "");
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
