package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.scenario.Side;
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

    static XYChart of(RunResults run) {
        var rows = run.rows(Side.CLIENT);
        OptionalLong target = run.targetRateCps();
        String title = "Client connections per second"
                + (target.isPresent() ? "" : " (closed loop, --rate max: no target)");
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "connections per second");
        TimePoints completed = TimePoints.perSecond(rows, "completedCount");
        ChartStyle.fromZero(chart.getStyler(), Math.max(completed.maxValue(), target.orElse(0)));
        if (completed.isEmpty()) {
            chart.setTitle(title + " (no data)");
            return Placeholder.add(chart);
        }
        ChartStyle.line(chart.addSeries(COMPLETED, completed.seconds(), completed.values()), 0);
        TimePoints connected = TimePoints.perSecond(rows, "connectedCount");
        ChartStyle.line(chart.addSeries(CONNECTED, connected.seconds(), connected.values()), 1).setLineWidth(1.2f);
        TimePoints late = TimePoints.perSecond(rows, "lateCount");
        ChartStyle.line(chart.addSeries(LATE, late.seconds(), late.values()), 2);
        if (target.isPresent()) {
            double y = target.getAsLong();
            ChartStyle.limit(chart.addSeries(targetName(target.getAsLong()),
                    new double[] {0, TimePoints.loadEndSeconds(rows).orElse(completed.lastSecond())}, new double[] {y, y}), 3);
        }
        ChartStyle.roundTimeTicks(chart);
        return chart;
    }

    static String targetName(long rateCps) {
        return "target " + ChartStyle.count(rateCps) + "/s";
    }
}
