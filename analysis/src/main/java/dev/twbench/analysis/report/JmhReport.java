package dev.twbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.chart.ChartFile;
import dev.twbench.analysis.results.JmhResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A JMH result file ({@code -rf json}) as a report: the settings, each benchmark's scores, charts. */
public final class JmhReport {
    private JmhReport() {
    }

    /**
     * @param raw     the result file as JSON (for the JMH and JVM settings, which every entry repeats)
     * @param results its entries
     * @param link    the result file, relative to the report
     */
    public static Report build(String fileName, JsonNode raw, List<JmhResult> results, List<ChartFile> charts,
            Report.FileList link) {
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("What was run", whatWasRun(raw, results)));
        sections.add(new Report.Section("Findings", List.of(new Report.Bullets(findings(results)))));
        sections.add(new Report.Section("Results", List.of(table(results))));
        sections.add(new Report.Section("Charts", charts.stream().<Report.Block>map(Report.Figure::new).toList()));
        sections.add(new Report.Section("Raw data", List.of(link)));
        JsonNode first = raw.path(0);
        return new Report("twbench JMH results: " + fileName, String.format(Locale.ROOT, "JMH %s · %s %s · %d results",
                first.path("jmhVersion").asText("?"), first.path("vmName").asText("?"),
                first.path("vmVersion").asText("?"), results.size()), sections);
    }

    private static List<Report.Block> whatWasRun(JsonNode raw, List<JmhResult> results) {
        JsonNode first = raw.path(0);
        List<List<String>> rows = new ArrayList<>();
        for (String key : List.of("jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvm", "forks", "threads",
                "warmupIterations", "warmupTime", "measurementIterations", "measurementTime")) {
            if (first.has(key)) {
                rows.add(List.of(key, first.path(key).asText()));
            }
        }
        if (first.has("jvmArgs")) {
            rows.add(List.of("jvmArgs", first.path("jvmArgs").toString()));
        }
        String benchmarks = results.stream().map(JmhResult::shortName).distinct().collect(Collectors.joining(", "));
        return List.of(Report.Paragraph.of("Benchmarks: " + benchmarks + "."),
                Report.Table.of(List.of("setting", "value"), rows));
    }

    /**
     * Per benchmark method: the best and the worst parameter set, by the primary score, and
     * whether their difference is more than their errors; first, how many scores have no error.
     */
    static List<String> findings(List<JmhResult> results) {
        List<String> items = new ArrayList<>();
        long unknown = results.stream().filter(r -> !hasError(r)).count();
        if (unknown > 0) {
            items.add(String.format(Locale.ROOT, "%d of %d scores have no error: JMH gives one only from 3 measurement"
                    + " iterations on (this file has fewer), so a difference between them may be noise. Rerun with"
                    + " -i 5 (the suite's default) to know.", unknown, results.size()));
        }
        Map<String, List<JmhResult>> byMethod = new LinkedHashMap<>();
        results.forEach(r -> byMethod.computeIfAbsent(r.shortName(), k -> new ArrayList<>()).add(r));
        byMethod.forEach((method, runs) -> {
            if (runs.size() == 1) {
                items.add(String.format(Locale.ROOT, "%s: %s.", method, score(runs.get(0))));
                return;
            }
            // Higher is better for throughput; lower for the time modes.
            boolean higherBetter = runs.get(0).mode().equals("thrpt");
            Comparator<JmhResult> byScore = Comparator.comparingDouble(r -> r.primaryMetric().score());
            JmhResult best = higherBetter ? runs.stream().max(byScore).orElseThrow() : runs.stream().min(byScore).orElseThrow();
            JmhResult worst = higherBetter ? runs.stream().min(byScore).orElseThrow() : runs.stream().max(byScore).orElseThrow();
            items.add(String.format(Locale.ROOT, "%s: best %s at %s, worst %s at %s (%.1fx apart; %s).", method,
                    best.paramsLabel(), score(best), worst.paramsLabel(), score(worst),
                    Math.max(best.primaryMetric().score(), worst.primaryMetric().score())
                            / Math.max(1e-12, Math.min(best.primaryMetric().score(), worst.primaryMetric().score())),
                    apart(best, worst)));
        });
        return items;
    }

    /** Whether two scores differ by more than their 99.9 % intervals, or that it cannot be told. */
    private static String apart(JmhResult a, JmhResult b) {
        if (!hasError(a) || !hasError(b)) {
            return "error unknown, so this may be noise";
        }
        JmhResult.Metric x = a.primaryMetric();
        JmhResult.Metric y = b.primaryMetric();
        boolean overlap = Math.abs(x.score() - y.score()) <= x.scoreError() + y.scoreError();
        return overlap ? "their 99.9 % intervals overlap: not told apart" : "beyond both 99.9 % intervals";
    }

    private static boolean hasError(JmhResult r) {
        return Double.isFinite(r.primaryMetric().scoreError());
    }

    private static Report.Table table(List<JmhResult> results) {
        List<List<String>> rows = new ArrayList<>();
        for (JmhResult r : results) {
            String secondary = r.secondaryMetrics().entrySet().stream()
                    .map(e -> e.getKey() + " " + number(e.getValue().score()) + " " + e.getValue().scoreUnit())
                    .collect(Collectors.joining("; "));
            JmhResult.Metric m = r.primaryMetric();
            rows.add(List.of(r.shortName(), r.paramsLabel(), r.mode(), number(m.score()),
                    hasError(r) ? "± " + number(m.scoreError()) : "unknown", m.scoreUnit(), secondary));
        }
        return Report.Table.of(List.of("benchmark", "params", "mode", "score", "error (99.9 %)", "unit", "secondary"),
                rows);
    }

    /** "14,025 ± 312 ops/s", or "14,025 ops/s (error unknown)". */
    private static String score(JmhResult r) {
        JmhResult.Metric m = r.primaryMetric();
        return number(m.score()) + (hasError(r) ? " ± " + number(m.scoreError()) + " " + m.scoreUnit()
                : " " + m.scoreUnit() + " (error unknown)");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
