package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.OptionalLong;
import org.knowm.xchart.XYChart;

/**
 * What the client achieved against what it was asked: an open loop that keeps up has completed
 * on the target line; one that falls behind shows late attempts.
 */
final class RateChart {
    static final String COMPLETED = "completed/s";
    static final String CONNECTED = "connected/s";
    static final String LATE = "late attempts/s";

    private RateChart() {
    }

    /** On the run's own time axis: for a chart looked at alone. */
    static Sketch of(RunResults run) throws IOException {
        return of(run, TimeAxis.of(run));
    }

    static Sketch of(RunResults run, TimeAxis axis) throws IOException {
        TimeSeries.Columns loaded = run.series().load(Counters.COMPLETED, Counters.CONNECTED, Counters.LATE);
        OptionalLong target = run.targetRateCps();
        String title = "Client connections per second"
                + (target.isPresent() ? "" : " (closed loop, --rate max: no target)");
        TimePoints completed = TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.COMPLETED));
        if (completed.isEmpty()) {
            return new Sketch.Blank(title, "The client's completed connections were not counted in this run.");
        }
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "connections per second");
        ChartStyle.fromZero(chart.getStyler(), Math.max(completed.maxValue(), target.orElse(0)));
        new Curve(COMPLETED, completed).drawOn(chart, 0);
        new Curve(CONNECTED, TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.CONNECTED))).drawOn(chart, 1)
                .setLineWidth(1.2f);
        new Curve(LATE, TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.LATE))).drawOn(chart, 2);
        if (target.isPresent()) {
            double y = target.getAsLong();
            ChartStyle.limit(chart.addSeries(targetName(target.getAsLong()),
                    new double[] {0, TimePoints.loadEndSeconds(run.rows(Side.CLIENT)).orElse(completed.lastSecond())}, new double[] {y, y}), 3);
        }
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }

    static String targetName(long rateCps) {
        return "target " + ChartStyle.count(rateCps) + "/s";
    }
}
