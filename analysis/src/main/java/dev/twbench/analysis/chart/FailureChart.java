package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The client's failures per second, one stacked band per kind (errno or twbench's own), so both
 * the total and its make-up are read off one chart.
 */
final class FailureChart {
    static final String NONE_SERIES = "failed (any kind)";

    private FailureChart() {
    }

    static XYChart of(RunResults run) throws IOException {
        List<Counter> counters = new ArrayList<>(FailureKinds.COLUMNS.stream().map(Counters::failed).toList());
        counters.add(Counters.FAILED);
        TimeSeries.Columns loaded = run.series().load(counters.toArray(Counter[]::new));
        // Each kind seen in the run, with its per-second series. Older runs may lack a newer
        // kind's column: it loads empty, nothing of that kind was counted.
        List<Curve> bands = new ArrayList<>();
        for (String kind : FailureKinds.COLUMNS) {
            TimeSeries.Column column = loaded.get(Side.CLIENT, Counters.failed(kind));
            if (column.sum() > 0) {
                bands.add(new Curve(kind, TimePoints.perSecond(column)));
            }
        }
        String title = "Client failures per second by errno" + (bands.isEmpty() ? " (no failures)" : " (stacked)");
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "failures per second");
        if (bands.isEmpty()) {
            ChartStyle.fromZero(chart.getStyler(), 0);
            TimePoints failed = TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.FAILED));
            if (failed.isEmpty()) {
                return Placeholder.add(chart);
            }
            new Curve(NONE_SERIES, failed).drawOn(chart, 0);
            ChartStyle.roundTimeTicks(chart);
            return chart;
        }
        chart.getStyler().setYAxisMin(0.0);
        // XChart does not stack XY series: each band is drawn as the running total up to it,
        // the tallest first, so each lower band paints over the one above it.
        List<TimePoints> tops = new ArrayList<>();
        TimePoints sum = null;
        for (Curve band : bands) {
            sum = sum == null ? band.points() : sum.plus(band.points());
            tops.add(sum);
        }
        for (int i = bands.size() - 1; i >= 0; i--) {
            XYSeries series = new Curve(bands.get(i).name(), tops.get(i)).drawOn(chart, i + 1);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            series.setFillColor(ChartStyle.color(i + 1));
        }
        ChartStyle.roundTimeTicks(chart);
        return chart;
    }
}
