package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.JmhResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class JmhChartsTest {
    private static final Path RESULT = Fixtures.path("jmh-result.json");

    @TempDir
    Path charts;

    @Test
    void readerKeepsBenchmarkModeParamsAndMetrics() throws Exception {
        List<JmhResult> results = JmhResult.readAll(RESULT);

        assertEquals(5, results.size());
        JmhResult probe = results.get(0);
        assertEquals("ProbeReadBenchmark.sockstatAndNetstat", probe.shortName());
        assertEquals("avgt", probe.mode());
        assertEquals(Map.of(), probe.params());
        assertEquals("us/op", probe.primaryMetric().scoreUnit());
        // JMH writes "NaN" (a string) when two iterations give no confidence interval.
        assertTrue(Double.isNaN(probe.primaryMetric().scoreError()));

        JmhResult epoll = results.get(1);
        assertEquals(List.of("close", "transport"), new ArrayList<>(epoll.params().keySet()));
        assertEquals("close=client-first,transport=epoll", epoll.paramsLabel());
        assertEquals(9412.5, epoll.primaryMetric().score());
        assertEquals(310.2, epoll.primaryMetric().scoreError());
        assertEquals("MB/sec", epoll.secondaryMetrics().get("gc.alloc.rate").scoreUnit());
    }

    @Test
    void oneBarChartPerBenchmarkMethodWrittenAsPngAndSvg() throws Exception {
        List<ChartFile> files = JmhCharts.render(RESULT, charts);

        assertEquals(List.of("jmh-ProbeReadBenchmark-sockstatAndNetstat", "jmh-ConnectCloseBenchmark-connectAndClose"),
                files.stream().map(ChartFile::name).toList());
        for (ChartFile file : files) {
            WrittenChart.assertReadable(file);
        }
        String text = WrittenChart.svgText(files.get(1));
        // Four labels "close=...,transport=..." would overflow the axis: values only, the names on the axis.
        for (String category : List.of("client-first/epoll", "client-first/nio", "client-rst/epoll", "client-rst/nio")) {
            assertTrue(text.contains(category), category + " missing from: " + text);
        }
    }

    @Test
    void barsCarryJmhsErrorAsErrorBars() throws Exception {
        List<JmhResult> connect = JmhResult.readAll(RESULT).subList(1, 5);
        CategorySeries bars = JmhCharts.chart(connect).getSeriesCollection().iterator().next();

        assertEquals(List.of(9412.5, 7120.8, 10876.1, 8034.6), box(bars.getYData()));
        assertEquals(List.of(310.2, 455.9, 290.4, 512.3), box(bars.getExtraValues()));
        // NaN error (no interval): no error bar rather than a broken chart.
        CategorySeries probe = JmhCharts.chart(JmhResult.readAll(RESULT).subList(0, 1)).getSeriesCollection()
                .iterator().next();
        assertEquals(List.of(0.0), box(probe.getExtraValues()));
    }

    @Test
    void everyBarKeepsItsLabelHoweverManyBars() throws Exception {
        // 18 parameter sets, as ConnectionCycleBenchmark's close x transport: XChart labelled every other bar.
        List<JmhResult> cycle = new ArrayList<>();
        for (String close : List.of("client-first", "server-first", "simultaneous", "client-rst", "server-rst",
                "half-close")) {
            for (String transport : List.of("epoll", "io_uring", "nio")) {
                cycle.add(result("ConnectionCycleBenchmark.cycle", "thrpt", 10_000 + 100 * cycle.size(), 50, "ops/s",
                        "close", close, "transport", transport));
            }
        }
        CategoryChart chart = JmhCharts.chart(cycle);

        ChartFile file = ChartWriter.write(chart, "cycle", charts);

        List<String> categories = cycle.stream().map(r -> r.params().get("close") + "/" + r.params().get("transport"))
                .toList();
        assertEquals(categories, WrittenChart.axisLabels(file, "X"));
        WrittenChart.assertReadable(file, chart.getWidth(), chart.getHeight());
    }

    @Test
    void uprightLabelsGetRoomForTheWidestWhateverItsLengthInCharacters() {
        // XChart sizes the band under the axis for the label with the most characters: of these,
        // the first has as many as the widest, and would have cut it short.
        List<String> categories = List.of("client-first/io_uring", "simultaneous/io_uring", "a", "b", "c", "d", "e",
                "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p");

        BarLabels labels = BarLabels.fitting(categories);

        assertEquals(90, labels.rotationDegrees());
        String longest = labels.categories().stream().max(java.util.Comparator.comparingInt(String::length))
                .orElseThrow();
        assertEquals("simultaneous/io_uring", longest.strip(), "the widest is also the longest: " + labels);
        assertEquals(1, labels.categories().stream().filter(c -> c.length() == longest.length()).count());
    }

    @Test
    void scoresOrdersOfMagnitudeApartAreDrawnOnALogAxisLabelledByDecade() throws Exception {
        // TimeWaitCountingBenchmark's kind of spread: sockstat in microseconds, /proc/net/tcp in tens of milliseconds.
        List<JmhResult> count = List.of(
                result("TimeWaitCountingBenchmark.count", "avgt", 6.6, 0.2, "us/op", "way", "SOCKSTAT"),
                result("TimeWaitCountingBenchmark.count", "avgt", 2647, 40, "us/op", "way", "PROC_NET_TCP_ALL"),
                result("TimeWaitCountingBenchmark.count", "avgt", 83_740, 900, "us/op", "way", "SS_STATE_FILTER"));
        CategoryChart chart = JmhCharts.chart(count);

        ChartFile file = ChartWriter.write(chart, "count", charts);

        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(List.of("1", "10", "100", "1,000", "10,000", "100,000"), WrittenChart.axisLabels(file, "Y"));
        assertEquals(List.of("way=SOCKSTAT", "way=PROC_NET_TCP_ALL", "way=SS_STATE_FILTER"),
                WrittenChart.axisLabels(file, "X"));
        // On a log axis XChart draws an error bar as a factor either way: 1 + error / score reaches score + error.
        CategorySeries bars = chart.getSeriesCollection().iterator().next();
        assertEquals(1 + 900 / 83_740.0, bars.getExtraValues()[2], 1e-12);
    }

    @Test
    void scoresWithinTwoOrdersOfMagnitudeStayOnALinearAxisFromZero() throws Exception {
        CategoryChart chart = JmhCharts.chart(JmhResult.readAll(RESULT).subList(1, 5));

        assertFalse(chart.getStyler().isYAxisLogarithmic());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
    }

    /** A result as JMH would report it; {@code params} as name, value, name, value, in JMH's order. */
    private static JmhResult result(String name, String mode, double score, double error, String unit,
            String... params) {
        Map<String, String> named = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            named.put(params[i], params[i + 1]);
        }
        return new JmhResult("dev.twbench.bench.jmh." + name, mode, named, new JmhResult.Metric(score, error, unit),
                Map.of());
    }

    private static List<Double> box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
