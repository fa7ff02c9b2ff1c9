package dev.twbench.analysis.chart;

import dev.twbench.loadgen.experiment.result.ExperimentChart;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The curves of an {@code experiments} run: one line chart per experiment that has one, in
 * catalogue order, written as {@code experiment-<name>.png} and {@code .svg}. An experiment
 * without a curve gets no chart; one whose curve has no points gets a sentence instead
 * ({@link ChartOutcome.Nothing}). The report finds each chart by the experiment's name.
 *
 * <pre>{@code
 * ExperimentsFile run = ExperimentsFile.read(dir);
 * List<ChartOutcome> charts = ExperimentCharts.draw(run.results(), dir.resolve("charts"));
 * Optional<ChartOutcome> drain = ExperimentCharts.outcomeFor(charts, "fin-timeout-myth");
 * }</pre>
 */
public final class ExperimentCharts {
    static final String PREFIX = "experiment-";
    /**
     * Up to this many points in its longest series, a chart marks every point; beyond, the marks
     * run together into a thick line and hide the curve.
     */
    static final int MARKED_POINTS_MAX = 40;
    /** How much wider than the next each series is drawn (px). */
    private static final float OVERLAP_WIDTH = 2.5f;

    private ExperimentCharts() {
    }

    /** @return one chart per result with a curve, drawn or said, in the results' order */
    public static List<ChartOutcome> draw(List<ExperimentResult> results, Path chartsDir) throws IOException {
        List<ChartOutcome> charts = new ArrayList<>();
        for (ExperimentResult result : results) {
            if (result.chart() != null) {
                charts.add(ChartWriter.write(chart(result), fileName(result.name()), chartsDir));
            }
        }
        return charts;
    }

    /** What {@link #draw} made of the experiment {@code experimentName}'s curve; empty if it had none. */
    public static Optional<ChartOutcome> outcomeFor(List<ChartOutcome> charts, String experimentName) {
        String name = fileName(experimentName);
        return charts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** {@code experiment-server-restart}: the catalogue name, made safe for a file name. */
    public static String fileName(String experimentName) {
        return (PREFIX + experimentName).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static Sketch chart(ExperimentResult result) {
        ExperimentChart curve = result.chart();
        String title = ChartStyle.fittingTitle(Objects.requireNonNullElse(curve.title(), result.title()),
                result.title());
        XYChart chart = ChartStyle.xy(title, Objects.requireNonNullElse(curve.xTitle(), ""),
                Objects.requireNonNullElse(curve.yTitle(), ""));
        // XChart refuses a series without points.
        List<Series> drawn = curve.series().stream().filter(s -> !s.x().isEmpty()).toList();
        if (drawn.isEmpty()) {
            return new Sketch.Blank(title, "The experiment recorded no point of its curve.");
        }
        boolean sparse = drawn.stream().mapToInt(s -> s.x().size()).max().orElse(0) <= MARKED_POINTS_MAX;
        List<String> names = UniqueLabels.of(drawn.stream()
                .map(s -> Objects.requireNonNullElse(s.name(), "series")).toList());
        double yMin = 0;
        double yMax = 0;
        for (int i = 0; i < drawn.size(); i++) {
            double[] y = values(drawn.get(i).y());
            XYSeries series = ChartStyle.line(chart.addSeries(names.get(i), values(drawn.get(i).x()), y), i);
            // Curves that coincide are often the finding (a setting that changes nothing): earlier
            // series are drawn wider, so each shows as a band around the next, not hidden under it.
            series.setLineWidth(Math.min(2f + OVERLAP_WIDTH * (drawn.size() - 1 - i), 9f));
            // A count holds until the next reading: steps, where a sloped line would show sockets
            // leaving between two readings that saw none leave.
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            if (sparse) {
                ChartStyle.withPoints(chart, series);
            }
            for (double v : y) {
                yMin = Math.min(yMin, v);
                yMax = Math.max(yMax, v);
            }
        }
        // Counts and durations start at zero; a curve that goes below it keeps XChart's own range.
        if (yMin >= 0) {
            ChartStyle.fromZero(chart.getStyler(), yMax);
        }
        ChartStyle.roundTimeTicks(chart);
        return new Sketch.Drawable(chart);
    }

    private static double[] values(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
