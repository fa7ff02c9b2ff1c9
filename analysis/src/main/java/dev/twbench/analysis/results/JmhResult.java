package dev.twbench.analysis.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.record.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One entry of JMH's {@code -rf json} result file: a benchmark method at one set of parameters.
 * Fields JMH also writes (jvm, iterations, raw data...) are not kept.
 *
 * <pre>{@code
 * for (JmhResult r : JmhResult.readAll(Path.of("jmh-result.json"))) {
 *     System.out.println(r.benchmark() + " " + r.paramsLabel() + " " + r.primaryMetric().score());
 * }
 * }</pre>
 *
 * @param benchmark the method's full name, e.g. {@code dev.twbench.bench.jmh.ProbeReadBenchmark.sockstatAndNetstat}
 * @param mode      {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params    the {@code @Param} values, in JMH's order; empty without parameters
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, Metric primaryMetric,
        Map<String, Metric> secondaryMetrics) {

    public JmhResult {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        secondaryMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(secondaryMetrics));
    }

    /**
     * @param scoreError half-width of the 99.9 % confidence interval; NaN when JMH could not
     *                   compute one (a single iteration)
     */
    public record Metric(double score, double scoreError, String scoreUnit) {
        static Metric of(JsonNode node) {
            return new Metric(number(node.path("score")), number(node.path("scoreError")),
                    node.path("scoreUnit").asText(""));
        }
    }

    public static List<JmhResult> readAll(Path file) throws IOException {
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode entry : Json.MAPPER.readTree(file.toFile())) {
            Map<String, String> params = new LinkedHashMap<>();
            entry.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Metric> secondary = new LinkedHashMap<>();
            entry.path("secondaryMetrics").fields().forEachRemaining(e -> secondary.put(e.getKey(), Metric.of(e.getValue())));
            results.add(new JmhResult(entry.path("benchmark").asText(), entry.path("mode").asText(), params,
                    Metric.of(entry.path("primaryMetric")), secondary));
        }
        return results;
    }

    /** {@code close=client-first,transport=epoll}; {@code (no params)} without parameters. */
    public String paramsLabel() {
        return params.isEmpty() ? "(no params)"
                : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The class and method, without the package: {@code ProbeReadBenchmark.sockstatAndNetstat}. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** JMH writes what is not a finite number as the strings "NaN", "+INF", "-INF". */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        return switch (node.asText("NaN")) {
            case "+INF" -> Double.POSITIVE_INFINITY;
            case "-INF" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }
}
