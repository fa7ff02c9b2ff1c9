package dev.twbench.analysis.chart;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.Side;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Several runs side by side (a sweep's variants, or runs picked by hand): TIME_WAIT curves
 * overlaid per side, on one time axis (0 to the longest run's last row), and bars of achieved
 * rate and time to first failure. A run without a summary (it failed or was stopped before
 * writing one) still has its curve, but no bars: its numbers were never measured. A chart with
 * nothing to draw (no run held TIME_WAIT on a side, none has a summary, none failed) is a
 * sentence ({@link ChartOutcome.Nothing}).
 *
 * <pre>{@code
 * List<ChartOutcome> charts = ComparisonCharts.draw(List.of(
 *         new LabelledRun("rate=500", RunResults.load(dirA)),
 *         new LabelledRun("rate=2000", RunResults.load(dirB))), sweepDir.resolve("charts"));
 * }</pre>
 */
public final class ComparisonCharts {
    public static final String ACHIEVED_RATE = "compare-achieved-rate";
    public static final String FIRST_FAILURE = "compare-first-failure";
    static final String ACHIEVED_RATE_TITLE = "Achieved rate by run (completed / load time)";
    static final String FIRST_FAILURE_TITLE = "First failure by run (\"none\": the run never failed)";
    /** Appended to the label of a run that never failed, whose bar has no height. */
    public static final String NO_FAILURE = " (none)";
    private static final String NO_SUMMARY = "No run wrote a summary.json, so none has ";

    private ComparisonCharts() {
    }

    /** {@code compare-timewait-client} or {@code compare-timewait-server}. */
    public static String timeWaitName(Side side) {
        return "compare-timewait-" + side.label();
    }

    /** @return the two TIME_WAIT overlays, then the achieved rate and first failure bars, each drawn or said */
    public static List<ChartOutcome> draw(List<LabelledRun> runs, Path chartsDir) throws IOException {
        List<ChartOutcome> charts = new ArrayList<>();
        TimeAxis axis = timeAxis(runs);
        for (Side side : Side.ENDS) {
            charts.add(ChartWriter.write(timeWait(runs, side, axis), timeWaitName(side), chartsDir));
        }
        List<LabelledRun> summarized = runs.stream().filter(r -> r.run().summary() != null).toList();
        charts.add(ChartWriter.write(rateBars(summarized), ACHIEVED_RATE, chartsDir));
        charts.add(ChartWriter.write(failureBars(summarized), FIRST_FAILURE, chartsDir));
        return charts;
    }

    /** One axis for both sides' overlays: to the last row of the run that went on longest. */
    private static TimeAxis timeAxis(List<LabelledRun> runs) {
        return new TimeAxis(runs.stream().mapToDouble(r -> TimeAxis.of(r.run()).endSeconds()).max().orElse(1));
    }

    /** On the runs' own time axis: for a chart looked at alone. */
    static Sketch timeWait(List<LabelledRun> runs, Side side) throws IOException {
        return timeWait(runs, side, timeAxis(runs));
    }

    static Sketch timeWait(List<LabelledRun> runs, Side side, TimeAxis axis) throws IOException {
        String title = "TIME_WAIT on the " + side.label() + ", by run";
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "sockets in TIME_WAIT");
        List<String> names = uniqueLabels(runs);
        double peak = 0;
        for (int i = 0; i < runs.size(); i++) {
            TimePoints tw = TimePoints.levels(runs.get(i).run().series().column(side, Counters.TIME_WAIT));
            if (!tw.isEmpty()) {
                new Curve(names.get(i), tw).drawOn(chart, i);
                peak = Math.max(peak, tw.maxValue());
            }
        }
        if (chart.getSeriesCollection().isEmpty()) {
            return new Sketch.Blank(title, "No run's TIME_WAIT on the " + side.label() + " was read.");
        }
        if (peak == 0) {
            return new Sketch.Blank(title, (runs.size() == 1 ? "The run held no" : "None of these " + runs.size()
                    + " runs held") + " TIME_WAIT on the " + side.label() + ".");
        }
        ChartStyle.fromZero(chart.getStyler(), peak);
        // One row of long run names runs off the picture: stack them beside the plot instead.
        if (names.stream().mapToInt(String::length).sum() > 80) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
            chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }

    private static Sketch rateBars(List<LabelledRun> summarized) {
        return summarized.isEmpty() ? new Sketch.Blank(ACHIEVED_RATE_TITLE, NO_SUMMARY + "a measured rate.")
                : new Sketch.Drawable(achievedRate(summarized));
    }

    private static Sketch failureBars(List<LabelledRun> summarized) {
        if (summarized.isEmpty()) {
            return new Sketch.Blank(FIRST_FAILURE_TITLE, NO_SUMMARY + "a measured first failure.");
        }
        if (summarized.stream().allMatch(r -> r.run().summary().firstFailureSecond() == null)) {
            // Bars of no height, each labelled "(none)", would say it less plainly.
            return new Sketch.Blank(FIRST_FAILURE_TITLE, "No run failed, so there is no first failure to compare.");
        }
        return new Sketch.Drawable(firstFailure(summarized));
    }

    /** Bars of runs that have a summary. */
    static CategoryChart achievedRate(List<LabelledRun> runs) {
        BarLabels labels = BarLabels.fitting(uniqueLabels(runs));
        CategoryChart chart = ChartStyle.bars(ACHIEVED_RATE_TITLE, "run", "connections per second", labels);
        List<Double> rates = runs.stream().map(r -> r.run().summary().achievedRateCps()).toList();
        ChartStyle.bars(chart.addSeries("achieved rate", labels.categories(), rates), 1);
        ChartStyle.fromZero(chart.getStyler(), rates.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /** Bars of runs that have a summary. */
    static CategoryChart firstFailure(List<LabelledRun> runs) {
        List<String> labels = new ArrayList<>();
        List<String> unique = uniqueLabels(runs);
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Summary s = runs.get(i).run().summary();
            labels.add(s.firstFailureSecond() == null ? unique.get(i) + NO_FAILURE : unique.get(i));
            // No bar at all, not a bar at 0: a label "0" would read as "failed at once".
            seconds.add(s.firstFailureSecond());
        }
        BarLabels fitted = BarLabels.fitting(labels);
        CategoryChart chart = ChartStyle.bars(FIRST_FAILURE_TITLE, "run", "seconds from load start to first failure",
                fitted);
        ChartStyle.bars(chart.addSeries("first failure", fitted.categories(), seconds), 5);
        ChartStyle.fromZero(chart.getStyler(),
                seconds.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(0));
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /** XChart keys series and categories by name: two runs labelled alike would merge. */
    private static List<String> uniqueLabels(List<LabelledRun> runs) {
        return UniqueLabels.of(runs.stream().map(LabelledRun::label).toList());
    }
}
