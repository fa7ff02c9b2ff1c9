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
 * JMH's 99.9 % confidence half-width as the error bar (none where JMH reported NaN).
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

    private static final int CROWDED_BARS = 8;

    static CategoryChart chart(List<JmhResult> group) {
        JmhResult first = group.get(0);
        String unit = first.primaryMetric().scoreUnit();
        // Long labels: values only under each bar ("client-first/epoll"), the names once on the axis
        // (XChart drops labels that would overlap). Many bars: labels upright, no numbers on the
        // bars, which would run into each other.
        boolean crowded = group.size() > CROWDED_BARS;
        boolean compact = !first.params().isEmpty() && (crowded || tooWide(group.stream().map(JmhResult::paramsLabel)
                .toList()));
        String axis = compact ? String.join(" / ", first.params().keySet()) : "parameters";
        CategoryChart chart = ChartStyle.bars(first.shortName() + " (" + first.mode() + ")", axis, unit);
        List<String> categories = group.stream()
                .map(r -> compact ? String.join("/", r.params().values()) : r.paramsLabel()).toList();
        List<Double> scores = group.stream().map(r -> r.primaryMetric().score()).toList();
        List<Double> errors = group.stream().map(r -> finiteOrZero(r.primaryMetric().scoreError())).toList();
        ChartStyle.bars(chart.addSeries("score \u00b1 99.9% CI", categories, scores, errors), 1);
        // Inside the bar: above it the value would sit on the error bar.
        chart.getStyler().setLabelsPosition(0.5);
        ChartStyle.fromZero(chart.getStyler(), scores.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        if (crowded) {
            chart.getStyler().setLabelsVisible(false);
            chart.getStyler().setXAxisLabelRotation(90);
        } else if (tooWide(categories)) {
            chart.getStyler().setXAxisLabelRotation(20);
        }
        return chart;
    }

    /** About 8 px a character at the tick font: would these labels side by side overflow the plot? */
    private static boolean tooWide(List<String> labels) {
        return labels.stream().mapToInt(String::length).sum() * 8 > ChartStyle.WIDTH_PX - 150;
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
