package dev.twbench.analysis.chart;

import com.fasterxml.jackson.databind.JsonNode;
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
 * held none (the server of a client-first run) gets a sentence saying so, and why, instead. The
 * same chart shows one host of a run across hosts ({@link FleetCharts}): smaller, and on the
 * y scale all the hosts' charts share ({@link Frame}).
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

    /**
     * A chart's size and y scale: alone, the report's width on its own scale; as one of several
     * small multiples, half that, on the scale they share, so that heights compare across charts.
     *
     * @param sharedYMax the y axis' top, the same on every chart of the set; 0: fitted to this chart
     */
    record Frame(int widthPx, int heightPx, double sharedYMax) {
        static final Frame ALONE = new Frame(ChartStyle.WIDTH_PX, ChartStyle.HEIGHT_PX, 0);
        /** Two side by side in a report's width (report.html is 1,000 px wide at most). */
        static final int SMALL_WIDTH_PX = 470;
        static final int SMALL_HEIGHT_PX = 300;

        static Frame small(double sharedYMax) {
            return new Frame(SMALL_WIDTH_PX, SMALL_HEIGHT_PX, sharedYMax);
        }
    }

    /**
     * What one side's (or host's) rows say of its TIME_WAIT.
     *
     * @param timeWait     the level at each tick it was read
     * @param overflow     closes that skipped TIME_WAIT, cumulative ({@link #overflow}); none if none
     * @param drainSeconds the drain's first row, if the run drained
     */
    record Readings(TimePoints timeWait, TimePoints overflow, OptionalDouble drainSeconds) {
        /**
         * @param tcpExtPerSide whether the side's TcpExt counters are its own ({@link RunResults#tcpExtPerSide});
         *                      a fleet's host's always are: it is a machine of its own
         */
        static Readings of(TimeSeries series, String label, boolean tcpExtPerSide) throws IOException {
            return of(series, load(series), label, tcpExtPerSide);
        }

        /** The columns {@link #of(TimeSeries, TimeSeries.Columns, String, boolean)} reads, of every side in one pass. */
        static TimeSeries.Columns load(TimeSeries series) throws IOException {
            return series.load(Counters.TIME_WAIT, Counters.TW_OVERFLOW);
        }

        /** @param loaded {@link #load}'s columns: several sides' readings from one pass over the file */
        static Readings of(TimeSeries series, TimeSeries.Columns loaded, String label, boolean tcpExtPerSide) {
            return new Readings(TimePoints.levels(loaded.get(label, Counters.TIME_WAIT)),
                    TimeWaitChart.overflow(tcpExtPerSide, loaded.get(label, Counters.TW_OVERFLOW)),
                    TimePoints.drainStartSeconds(series.rows(label)));
        }

        /** The taller measured curve: it sets the scale a limit is judged against. */
        double peak() {
            return Math.max(timeWait.maxValue(), overflow.maxValue());
        }
    }

    private TimeWaitChart() {
    }

    /** On the run's own time axis: for a chart looked at alone. */
    static Sketch of(RunResults run, Side side, List<CapacityLine> capacityLines) throws IOException {
        return of(run, side, capacityLines, TimeAxis.of(run));
    }

    static Sketch of(RunResults run, Side side, List<CapacityLine> capacityLines, TimeAxis axis) throws IOException {
        return of("the " + side.label(), Readings.of(run.series(), side.label(), run.tcpExtPerSide()), capacityLines,
                noTimeWait(run.manifest(), side, "the " + side.label()), Frame.ALONE, axis);
    }

    /**
     * @param subject  what held the sockets, as the title and sentences name it: "the client", "client-2"
     * @param noneHeld the sentence for a side that held none, and why if it is known
     */
    static Sketch of(String subject, Readings readings, List<CapacityLine> capacityLines, String noneHeld,
            Frame frame, TimeAxis axis) {
        TimePoints tw = readings.timeWait();
        TimePoints overflow = readings.overflow();
        double peak = readings.peak();
        List<CapacityLine> drawn = new ArrayList<>();
        List<CapacityLine> offScale = new ArrayList<>();
        for (CapacityLine line : capacityLines) {
            (line.sockets() > OFF_SCALE_FACTOR * peak ? offScale : drawn).add(line);
        }
        if (tw.isEmpty()) {
            return new Sketch.Blank(title(subject), sentence(subject) + "'s TIME_WAIT was not read in this run.");
        }
        if (peak == 0) {
            return new Sketch.Blank(title(subject), noneHeld);
        }
        XYChart chart = ChartStyle.xy(title(subject, offScale), ChartStyle.TIME_AXIS,
                overflow.isEmpty() ? Y_AXIS : Y_AXIS_WITH_OVERFLOW, frame.widthPx(), frame.heightPx());
        ChartStyle.fromZero(chart.getStyler(), Math.max(peak, drawn.stream().mapToLong(CapacityLine::sockets).max().orElse(0)));
        if (frame.sharedYMax() > 0) {
            chart.getStyler().setYAxisMax(frame.sharedYMax());
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
        if (readings.drainSeconds().isPresent()) {
            double x = readings.drainSeconds().getAsDouble();
            ChartStyle.marker(chart.addSeries(DRAIN_SERIES, new double[] {x, x}, new double[] {0, Math.max(top, 1)}));
        }
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }

    /** "the client" starts a sentence as "The client"; a host's name ("client-2") stays as it is. */
    private static String sentence(String subject) {
        return subject.startsWith("the ") ? "T" + subject.substring(1) : subject;
    }

    /**
     * Why a side held no TIME_WAIT, from the close order run.json names: the side that closes
     * first holds it, and a reset leaves it on neither (see {@link CloseOrder#holdsTimeWait}).
     *
     * @param manifest run.json, null if missing
     * @param side     the end of the connection the side (or host) is
     * @param subject  as the sentence names it: "the server", or a fleet's host, "server"
     */
    static String noTimeWait(JsonNode manifest, Side side, String subject) {
        String held = sentence(subject) + " held no TIME_WAIT in this run";
        CloseOrder order = closeOrder(manifest);
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
    private static CloseOrder closeOrder(JsonNode manifest) {
        String label = manifest == null ? "" : manifest.path("scenario").path("closeOrder").asText("");
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
    static TimePoints overflow(boolean tcpExtPerSide, TimeSeries.Column overflow) {
        if (!tcpExtPerSide || overflow.sum() == 0) {
            return TimePoints.NONE;
        }
        return TimePoints.cumulative(overflow);
    }

    static String title(String subject) {
        return "TIME_WAIT on " + subject;
    }

    /** Off-scale limits are named in the title, with their values if they fit. */
    private static String title(String subject, List<CapacityLine> offScale) {
        String base = title(subject);
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
