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
 * the total and its make-up are read off one chart; for a run across hosts, one band per client
 * host ({@link #byHost}), so the fleet's total and each host's share are read off one chart. A run
 * without failures gets a sentence.
 */
final class FailureChart {
    static final String NONE_SERIES = "failed (any kind)";

    private FailureChart() {
    }

    /** On the run's own time axis: for a chart looked at alone. */
    static Sketch of(RunResults run) throws IOException {
        return of(run, TimeAxis.of(run));
    }

    static Sketch of(RunResults run, TimeAxis axis) throws IOException {
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
        String title = "Client failures per second by errno";
        if (bands.isEmpty()) {
            return unsorted(run, loaded.get(Side.CLIENT, Counters.FAILED), title, axis);
        }
        return stacked(title + " (stacked)", bands, axis);
    }

    /**
     * A run across hosts: each client host's failures per second (its rows' {@code failedCount}
     * over each interval), stacked in host order.
     *
     * @param clients the client hosts' side labels, {@code client-1} first
     */
    static Sketch byHost(TimeSeries series, List<String> clients, TimeAxis axis) throws IOException {
        String title = "Failures per second by client host";
        if (!series.hasColumn(Counters.FAILED)) {
            return new Sketch.Blank(title, "The client hosts' failures were not counted in this run.");
        }
        TimeSeries.Columns loaded = series.load(Counters.FAILED);
        // Every host keeps its band, none too: a host that never failed is a band of no height,
        // so each host keeps its colour whichever failed.
        List<TimePoints> perSecond = new ArrayList<>();
        long failed = 0;
        for (String host : clients) {
            TimeSeries.Column column = loaded.get(host, Counters.FAILED);
            failed += column.sum();
            perSecond.add(TimePoints.perSecond(column));
        }
        if (failed == 0) {
            return new Sketch.Blank(title, "No connection failed on any client host in this run.");
        }
        // Stacked point by point: every band on the same times, whichever rows a host lacks.
        double[] seconds = TimePoints.allSeconds(perSecond);
        List<Curve> bands = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            bands.add(new Curve(clients.get(i), perSecond.get(i).onto(seconds)));
        }
        return stacked(title + " (stacked)", bands, axis);
    }

    /** Bands over the same rows' times, the first at the bottom. */
    private static Sketch stacked(String title, List<Curve> bands, TimeAxis axis) {
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "failures per second");
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
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }

    /**
     * No failure of a kind this twbench names: none at all (a flat line at zero would only repeat
     * the sentence, less clearly), or, in a run recorded before the per-kind columns, all of them
     * as one line.
     */
    private static Sketch unsorted(RunResults run, TimeSeries.Column failed, String title, TimeAxis axis) {
        if (!run.hasColumn(Counters.FAILED)) {
            return new Sketch.Blank(title, "The client's failures were not counted in this run.");
        }
        if (failed.sum() == 0) {
            return new Sketch.Blank(title, "No connection failed in this run.");
        }
        XYChart chart = ChartStyle.xy(title + " (kinds not recorded)", ChartStyle.TIME_AXIS, "failures per second");
        ChartStyle.fromZero(chart.getStyler(), 1);
        new Curve(NONE_SERIES, TimePoints.perSecond(failed)).drawOn(chart, 0);
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }
}
