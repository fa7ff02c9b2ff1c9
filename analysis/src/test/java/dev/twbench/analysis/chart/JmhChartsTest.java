package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.JmhResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    private static List<Double> box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
