package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.JmhResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;

/**
 * JMH results as bar charts: one per benchmark method (and mode), one bar per parameter set, with
 * JMH's 99.9 % confidence half-width as the error bar (none where JMH reported NaN). Every bar
 * keeps its label; scores more than {@link LogAxis#ORDERS_OF_MAGNITUDE_RATIO} times apart are drawn
 * on a log axis.
 *
 * <pre>{@code
 * // java -jar bench/target/benchmarks.jar -rf json -rff jmh-result.json
 * List<ChartFile> charts = JmhCharts.render(Path.of("jmh-result.json"), Path.of("charts"));
 * }</pre>
 */
public final class JmhCharts {
    private JmhCharts() {
    }

    public static List<ChartFile> render(Path jmhResultJson, Path chartsDir) throws IOException {
        Map<String, List<JmhResult>> byMethodAndMode = new LinkedHashMap<>();
        for (JmhResult r : JmhResult.readAll(jmhResultJson)) {
            byMethodAndMode.computeIfAbsent(r.benchmark() + " " + r.mode(), k -> new ArrayList<>()).add(r);
        }
        List<ChartFile> files = new ArrayList<>();
        for (List<JmhResult> group : byMethodAndMode.values()) {
            JmhResult first = group.get(0);
            files.add(ChartWriter.write(chart(group), fileName(first, byMethodAndMode.keySet()), chartsDir));
        }
        return files;
    }

    /** With more bars than this, the values printed on the bars would run into each other. */
    private static final int CROWDED_BARS = 8;

    static CategoryChart chart(List<JmhResult> group) {
        JmhResult first = group.get(0);
        String unit = first.primaryMetric().scoreUnit();
        // Long labels: values only under each bar ("client-first/epoll"), the names once on the
        // axis. Whatever their length, every bar keeps its label (ChartStyle.bars, BarLabels).
        boolean crowded = group.size() > CROWDED_BARS;
        boolean compact = !first.params().isEmpty() && (crowded || BarLabels.fitting(group.stream()
                .map(JmhResult::paramsLabel).toList()).rotationDegrees() != 0);
        String axis = compact ? String.join(" / ", first.params().keySet()) : "parameters";
        List<String> categories = group.stream()
                .map(r -> compact ? String.join("/", r.params().values()) : r.paramsLabel()).toList();
        List<Double> scores = group.stream().map(r -> r.primaryMetric().score()).toList();
        List<Double> errors = group.stream().map(r -> finiteOrZero(r.primaryMetric().scoreError())).toList();
        double lowest = scores.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double highest = scores.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        // Scores orders of magnitude apart (sockstat's 7 us beside /proc/net/tcp's 80 ms): on a
        // linear axis the small bars, often the point of the benchmark, would not show at all.
        boolean log = LogAxis.needed(lowest, highest);
        BarLabels labels = BarLabels.fitting(categories);
        CategoryChart chart = ChartStyle.bars(first.shortName() + " (" + first.mode() + ")", axis,
                unit + (log ? ", log scale" : ""), labels);
        List<Double> drawnErrors = log ? logErrors(scores, errors) : errors;
        ChartStyle.bars(chart.addSeries("score \u00b1 99.9% CI", labels.categories(), scores, drawnErrors), 1);
        // Inside the bar: above it the value would sit on the error bar.
        chart.getStyler().setLabelsPosition(0.5);
        if (log) {
            double top = 0;
            double bottom = Double.POSITIVE_INFINITY;
            for (int i = 0; i < scores.size(); i++) {
                top = Math.max(top, scores.get(i) * drawnErrors.get(i));
                bottom = Math.min(bottom, scores.get(i) / drawnErrors.get(i));
            }
            LogAxis.spanning(bottom, top).applyTo(chart.getStyler(), scores);
        } else {
            ChartStyle.fromZero(chart.getStyler(), highest);
        }
        if (crowded) {
            chart.getStyler().setLabelsVisible(false);
        }
        return chart;
    }

    /**
     * JMH's half-widths as XChart draws error bars on a log axis: it takes an error bar's value
     * as a factor (log10 of it, in decades, either side of the bar's top), so {@code score ±
     * error} becomes {@code 1 + error / score}: the bar reaches {@code score + error} exactly, and
     * below a little less than {@code score - error} (which a log axis could not show at or
     * below zero anyway). A bar without an error gets factor 1, no error bar.
     */
    static List<Double> logErrors(List<Double> scores, List<Double> errors) {
        List<Double> factors = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            factors.add(1 + errors.get(i) / scores.get(i));
        }
        return factors;
    }

    /** {@code jmh-ProbeReadBenchmark-sockstatAndNetstat}; the mode is added only where a method ran in several. */
    private static String fileName(JmhResult r, Set<String> keys) {
        long modes = keys.stream().filter(k -> k.startsWith(r.benchmark() + " ")).count();
        String name = "jmh-" + r.shortName().replace('.', '-') + (modes > 1 ? "-" + r.mode() : "");
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }
}
