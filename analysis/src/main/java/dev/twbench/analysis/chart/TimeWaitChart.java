package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * One side's TIME_WAIT level over the run, with the limits that bind it and the start of the
 * drain.
 */
final class TimeWaitChart {
    /**
     * A limit this many times above the curve's peak would squash the curve into the bottom of
     * the plot; it is named in the title instead.
     */
    static final double OFF_SCALE_FACTOR = 3.0;

    static final String SERIES = "TIME_WAIT sockets";
    static final String DRAIN_SERIES = "drain starts";

    private TimeWaitChart() {
    }

    static XYChart of(RunResults run, Side side, List<CapacityLine> capacityLines) {
        TimePoints tw = TimePoints.levels(run.rows(side), "timeWaitSockets");
        double peak = tw.maxValue();
        List<CapacityLine> drawn = new ArrayList<>();
        List<CapacityLine> offScale = new ArrayList<>();
        for (CapacityLine line : capacityLines) {
            (line.sockets() > OFF_SCALE_FACTOR * peak ? offScale : drawn).add(line);
        }
        XYChart chart = ChartStyle.xy(title(side, tw.isEmpty(), offScale), ChartStyle.TIME_AXIS, "sockets in TIME_WAIT");
        ChartStyle.fromZero(chart.getStyler(), Math.max(peak, drawn.stream().mapToLong(CapacityLine::sockets).max().orElse(0)));
        if (tw.isEmpty()) {
            return Placeholder.add(chart);
        }
        ChartStyle.line(chart.addSeries(SERIES, tw.seconds(), tw.values()), 0);
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
