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
 * overlaid per side, and bars of achieved rate and time to first failure. A run without a
 * summary (it failed or was stopped before writing one) still has its curve, but no bars: its
 * numbers were never measured. Bar charts are left out when no run has a summary.
 *
 * <pre>{@code
 * List<ChartFile> charts = ComparisonCharts.render(List.of(
 *         new LabelledRun("rate=500", RunResults.load(dirA)),
 *         new LabelledRun("rate=2000", RunResults.load(dirB))), sweepDir.resolve("charts"));
 * }</pre>
 */
public final class ComparisonCharts {
    public static final String ACHIEVED_RATE = "compare-achieved-rate";
    public static final String FIRST_FAILURE = "compare-first-failure";
    /** Appended to the label of a run that never failed, whose bar has no height. */
    public static final String NO_FAILURE = " (none)";

    private ComparisonCharts() {
    }

    /** {@code compare-timewait-client} or {@code compare-timewait-server}. */
    public static String timeWaitName(Side side) {
        return "compare-timewait-" + side.label();
    }

    public static List<ChartFile> render(List<LabelledRun> runs, Path chartsDir) throws IOException {
        List<ChartFile> files = new ArrayList<>();
        for (Side side : Side.ENDS) {
            files.add(ChartWriter.write(timeWait(runs, side), timeWaitName(side), chartsDir));
        }
        List<LabelledRun> summarized = runs.stream().filter(r -> r.run().summary() != null).toList();
        if (!summarized.isEmpty()) {
            files.add(ChartWriter.write(achievedRate(summarized), ACHIEVED_RATE, chartsDir));
            files.add(ChartWriter.write(firstFailure(summarized), FIRST_FAILURE, chartsDir));
        }
        return files;
    }

    static XYChart timeWait(List<LabelledRun> runs, Side side) throws IOException {
        XYChart chart = ChartStyle.xy("TIME_WAIT on the " + side.label() + ", by run", ChartStyle.TIME_AXIS,
                "sockets in TIME_WAIT");
        List<String> names = uniqueLabels(runs);
        double peak = 0;
        for (int i = 0; i < runs.size(); i++) {
            TimePoints tw = TimePoints.levels(runs.get(i).run().series().column(side, Counters.TIME_WAIT));
            if (!tw.isEmpty()) {
                new Curve(names.get(i), tw).drawOn(chart, i);
                peak = Math.max(peak, tw.maxValue());
            }
        }
        ChartStyle.fromZero(chart.getStyler(), peak);
        // One row of long run names runs off the picture: stack them beside the plot instead.
        if (names.stream().mapToInt(String::length).sum() > 80) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
            chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        if (chart.getSeriesCollection().isEmpty()) {
            chart.setTitle(chart.getTitle() + " (no data)");
            Placeholder.add(chart);
        }
        ChartStyle.roundTimeTicks(chart);
        return chart;
    }

    static CategoryChart achievedRate(List<LabelledRun> runs) {
        CategoryChart chart = ChartStyle.bars("Achieved rate by run (completed / load time)", "run",
                "connections per second");
        List<Double> rates = runs.stream().map(r -> r.run().summary().achievedRateCps()).toList();
        ChartStyle.bars(chart.addSeries("achieved rate", uniqueLabels(runs), rates), 1);
        ChartStyle.fromZero(chart.getStyler(), rates.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        chart.getStyler().setLegendVisible(false);
        rotateIfCrowded(chart, runs);
        return chart;
    }

    static CategoryChart firstFailure(List<LabelledRun> runs) {
        CategoryChart chart = ChartStyle.bars("First failure by run (\"none\": the run never failed)",
                "run", "seconds from load start to first failure");
        List<String> labels = new ArrayList<>();
        List<String> unique = uniqueLabels(runs);
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Summary s = runs.get(i).run().summary();
            labels.add(s.firstFailureSecond() == null ? unique.get(i) + NO_FAILURE : unique.get(i));
            // No bar at all, not a bar at 0: a label "0" would read as "failed at once".
            seconds.add(s.firstFailureSecond());
        }
        ChartStyle.bars(chart.addSeries("first failure", labels, seconds), 5);
        ChartStyle.fromZero(chart.getStyler(),
                seconds.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(0));
        chart.getStyler().setLegendVisible(false);
        rotateIfCrowded(chart, runs);
        return chart;
    }

    /** XChart keys series and categories by name: two runs labelled alike would merge. */
    private static List<String> uniqueLabels(List<LabelledRun> runs) {
        return UniqueLabels.of(runs.stream().map(LabelledRun::label).toList());
    }

    private static void rotateIfCrowded(CategoryChart chart, List<LabelledRun> runs) {
        int chars = runs.stream().mapToInt(r -> r.label().length() + NO_FAILURE.length()).sum();
        if (chars * 8 > ChartStyle.WIDTH_PX - 150) {
            chart.getStyler().setXAxisLabelRotation(30);
        }
    }
}
