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

    static XYChart of(RunResults run) throws IOException {
        TimeSeries.Columns loaded = run.series().load(Counters.COMPLETED, Counters.CONNECTED, Counters.LATE);
        OptionalLong target = run.targetRateCps();
        String title = "Client connections per second"
                + (target.isPresent() ? "" : " (closed loop, --rate max: no target)");
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "connections per second");
        TimePoints completed = TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.COMPLETED));
        ChartStyle.fromZero(chart.getStyler(), Math.max(completed.maxValue(), target.orElse(0)));
        if (completed.isEmpty()) {
            chart.setTitle(title + " (no data)");
            return Placeholder.add(chart);
        }
        new Curve(COMPLETED, completed).drawOn(chart, 0);
        new Curve(CONNECTED, TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.CONNECTED))).drawOn(chart, 1)
                .setLineWidth(1.2f);
        new Curve(LATE, TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.LATE))).drawOn(chart, 2);
        if (target.isPresent()) {
            double y = target.getAsLong();
            ChartStyle.limit(chart.addSeries(targetName(target.getAsLong()),
                    new double[] {0, TimePoints.loadEndSeconds(run.rows(Side.CLIENT)).orElse(completed.lastSecond())}, new double[] {y, y}), 3);
        }
        ChartStyle.roundTimeTicks(chart);
        return chart;
    }

    static String targetName(long rateCps) {
        return "target " + ChartStyle.count(rateCps) + "/s";
    }
}
