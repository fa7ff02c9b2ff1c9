package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class RunChartsTest {
    @TempDir
    Path charts;

    private Map<String, ChartFile> render(String fixture, Map<Side, List<CapacityLine>> lines) throws Exception {
        return RunCharts.render(Fixtures.run(fixture), lines, charts).stream()
                .collect(Collectors.toMap(ChartFile::name, f -> f));
    }

    @Test
    void everyRunChartIsWrittenAsPngAndSvg() throws Exception {
        List<ChartFile> files = RunCharts.render(Fixtures.run(Fixtures.CLEAN), Map.of(), charts);

        assertEquals(List.of("timewait-client", "timewait-server", "rate", "failures", "latency", "memory"),
                files.stream().map(ChartFile::name).toList());
        assertEquals("true", System.getProperty("java.awt.headless"));
        for (ChartFile file : files) {
            assertEquals(charts.resolve(file.name() + ".png"), file.png());
            assertEquals(charts.resolve(file.name() + ".svg"), file.svg());
            WrittenChart.assertReadable(file);
            assertTrue(WrittenChart.svgText(file).startsWith(file.title()), file.name());
        }
    }

    @Test
    void bindingCapacityLineIsDrawnOnItsSideOnly() throws Exception {
        // 1000 client ports, exhausted: the TIME_WAIT curve runs into the line.
        Map<String, ChartFile> files = render(Fixtures.EXHAUSTED,
                Map.of(Side.CLIENT, List.of(new CapacityLine("ports available", 1000))));

        assertTrue(WrittenChart.svgText(files.get("timewait-client")).contains("ports available (1,000)"));
        assertFalse(WrittenChart.svgText(files.get("timewait-server")).contains("ports available"));
    }

    @Test
    void capacityLineFarAboveTheCurveIsNamedInTheTitleNotDrawn() throws Exception {
        RunResults run = Fixtures.run(Fixtures.EXHAUSTED);
        CapacityLine buckets = new CapacityLine("tcp_max_tw_buckets", 131072);
        assertTrue(buckets.sockets() > TimeWaitChart.OFF_SCALE_FACTOR * run.timeWaitPeak(Side.CLIENT));

        XYChart chart = TimeWaitChart.of(run, Side.CLIENT, List.of(buckets, new CapacityLine("ports available", 1000)));

        assertTrue(chart.getTitle().contains("tcp_max_tw_buckets 131,072"), chart.getTitle());
        assertEquals(null, chart.getSeries(TimeWaitChart.seriesName(buckets)));
        assertTrue(chart.getSeries("ports available (1,000)") != null);
    }

    @Test
    void titleNamingManyOffScaleLimitsStillFitsTheChart() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        List<CapacityLine> far = List.of(new CapacityLine("ports available", 28232),
                new CapacityLine("tcp_max_tw_buckets", 131072), new CapacityLine("nf_conntrack_max", 262144));

        String title = TimeWaitChart.of(run, Side.CLIENT, far).getTitle();

        assertEquals(title, ChartStyle.fittingTitle(title), "title wider than the chart: " + title);
        assertTrue(title.contains("off scale"), title);
    }

    @Test
    void timeWaitCurveIsTheCsvLevelAgainstSecondsSinceLoadStart() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        XYSeries curve = TimeWaitChart.of(run, Side.CLIENT, List.of()).getSeries(TimeWaitChart.SERIES);

        TimeSeries.Column tw = run.series().column(Side.CLIENT, "timeWaitSockets");
        assertEquals(tw.size(), curve.getXData().length);
        int last = tw.size() - 1;
        assertEquals(tw.rows().elapsedMs(last) / 1000.0, curve.getXData()[last], 1e-9);
        assertEquals(tw.get(last), curve.getYData()[last], 1e-9);
        assertEquals(run.summary().timeWait().get("client").peak(), (long) TimePoints.levels(tw).maxValue());
    }

    @Test
    void drainStartIsMarkedOnlyWhenTheRunDrained() throws Exception {
        Map<String, ChartFile> drained = render(Fixtures.RST_DRAIN, Map.of());
        assertTrue(WrittenChart.svgText(drained.get("timewait-client")).contains(TimeWaitChart.DRAIN_SERIES));
        assertTrue(WrittenChart.svgText(drained.get("timewait-server")).contains(TimeWaitChart.DRAIN_SERIES));

        RunResults run = Fixtures.run(Fixtures.RST_DRAIN);
        XYSeries marker = TimeWaitChart.of(run, Side.CLIENT, List.of()).getSeries(TimeWaitChart.DRAIN_SERIES);
        TimeSeries.Rows rows = run.rows(Side.CLIENT);
        double firstDrainSecond = rows.elapsedMs(IntStream.range(0, rows.size())
                .filter(i -> rows.phase(i) == Phase.DRAIN).findFirst().orElseThrow()) / 1000.0;
        assertEquals(firstDrainSecond, marker.getXData()[0], 1e-9);

        assertFalse(WrittenChart.svgText(render(Fixtures.CLEAN, Map.of()).get("timewait-client"))
                .contains(TimeWaitChart.DRAIN_SERIES));
    }

    @Test
    void overflowIsDrawnOnTheSideThatOverflowed() throws Exception {
        RunResults run = Fixtures.run(Fixtures.OVERFLOW);
        long overflow = run.summary().timeWait().get("client").overflow();
        assertTrue(overflow > 0, "the fixture overflowed the client's tcp_max_tw_buckets");
        assertEquals(overflow, run.total(Side.CLIENT, Counters.TW_OVERFLOW), "the CSV adds up to the summary");

        XYSeries skipped = TimeWaitChart.of(run, Side.CLIENT, List.of()).getSeries(TimeWaitChart.OVERFLOW_SERIES);

        // One point per row, each the sum of twOverflowCount up to that row, ending at the summary's figure.
        TimeSeries.Column counted = run.series().column(Side.CLIENT, Counters.TW_OVERFLOW);
        assertEquals(counted.size(), skipped.getYData().length);
        long sum = 0;
        for (int i = 0; i < counted.size(); i++) {
            sum += counted.get(i);
            assertEquals(counted.rows().elapsedMs(i) / 1000.0, skipped.getXData()[i], 1e-9);
            assertEquals(sum, skipped.getYData()[i], 1e-9, "at row " + i);
        }
        assertEquals(overflow, skipped.getYData()[counted.size() - 1], 1e-9);
        assertTrue(WrittenChart.svgText(render(Fixtures.OVERFLOW, Map.of()).get("timewait-client"))
                .contains(TimeWaitChart.OVERFLOW_SERIES));

        assertEquals(0, run.summary().timeWait().get("server").overflow());
        assertEquals(null, TimeWaitChart.of(run, Side.SERVER, List.of()).getSeries(TimeWaitChart.OVERFLOW_SERIES));
    }

    @Test
    void tcpMaxTwBucketsIsDrawnAsTheLimitTheOverflowingCurveRanInto() throws Exception {
        RunResults run = Fixtures.run(Fixtures.OVERFLOW);
        long buckets = run.manifest().path("lab").path("client").path("sysctls").path("net.ipv4.tcp_max_tw_buckets")
                .asLong();
        assertEquals(500, buckets);
        assertEquals(buckets, run.timeWaitPeak(Side.CLIENT), "TIME_WAIT stopped at the limit");
        CapacityLine limit = new CapacityLine("tcp_max_tw_buckets (client)", buckets);

        XYChart chart = TimeWaitChart.of(run, Side.CLIENT, List.of(limit));

        XYSeries line = chart.getSeries(TimeWaitChart.seriesName(limit));
        assertArrayEquals(new double[] {buckets, buckets}, line.getYData(), 1e-9);
        assertTrue(chart.getSeries(TimeWaitChart.OVERFLOW_SERIES) != null);
    }

    @Test
    void aRunWithoutOverflowKeepsItsTimeWaitChartAsItWas() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        assertEquals(0, run.summary().timeWait().get("client").overflow());

        XYChart chart = TimeWaitChart.of(run, Side.CLIENT, List.of());

        assertEquals(java.util.Set.of(TimeWaitChart.SERIES), names(chart));
        assertEquals("sockets in TIME_WAIT", chart.getYAxisTitle());
    }

    @Test
    void overflowCountedInTheHostLabIsNotPinnedOnEitherSide() throws Exception {
        // Stated here, not measured: 7 closes overflowed in the tick. In the host lab both rows
        // carry the whole host's TcpExt, so neither side's chart may claim them.
        String[] csv = {"elapsedMs,side,phase,timeWaitSockets,twOverflowCount",
                "0,client,load,0,0", "0,server,load,0,0",
                "100,client,load,3,7", "100,server,load,3,7"};
        Path hostRun = Files.createDirectory(charts.resolve("host-run"));
        Path netnsRun = Files.createDirectory(charts.resolve("netns-run"));

        RunResults host = HandWrittenRun.of(hostRun, "{\"lab\": {\"kind\": \"host\"}}", csv);
        RunResults netns = HandWrittenRun.of(netnsRun, "{\"lab\": {\"kind\": \"netns\"}}", csv);

        for (Side side : Side.ENDS) {
            assertEquals(null, TimeWaitChart.of(host, side, List.of()).getSeries(TimeWaitChart.OVERFLOW_SERIES));
            assertArrayEquals(new double[] {0, 7},
                    TimeWaitChart.of(netns, side, List.of()).getSeries(TimeWaitChart.OVERFLOW_SERIES).getYData(), 1e-9);
        }
    }

    @Test
    void rateChartShowsAchievedAgainstTheTargetRate() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        String text = WrittenChart.svgText(render(Fixtures.CLEAN, Map.of()).get(RunCharts.RATE));
        for (String series : List.of(RateChart.COMPLETED, RateChart.CONNECTED, RateChart.LATE, "target 500/s")) {
            assertTrue(text.contains(series), series + " missing from: " + text);
        }

        // Per-second rates times their interval give back the run's total.
        double completed = integrate(RateChart.of(run).getSeries(RateChart.COMPLETED));
        assertEquals(run.summary().completed(), completed, 0.5);
    }

    @Test
    void failuresChartStacksEachErrnoTheRunMet() throws Exception {
        RunResults run = Fixtures.run(Fixtures.EXHAUSTED);
        ChartFile file = render(Fixtures.EXHAUSTED, Map.of()).get(RunCharts.FAILURES);

        assertTrue(WrittenChart.svgText(file).contains("EADDRNOTAVAIL"));
        assertFalse(file.title().contains("no failures"));
        assertEquals(run.summary().failures().keySet(),
                names(FailureChart.of(run)));
        double failed = integrate(FailureChart.of(run).getSeries("EADDRNOTAVAIL"));
        assertEquals(run.summary().failures().get("EADDRNOTAVAIL"), failed, 0.5);
    }

    @Test
    void failuresChartOfACleanRunIsStillWrittenAndSaysNoFailures() throws Exception {
        ChartFile file = render(Fixtures.CLEAN, Map.of()).get(RunCharts.FAILURES);

        WrittenChart.assertReadable(file);
        assertTrue(file.title().contains("no failures"), file.title());
    }

    @Test
    void latencyChartHasOnePointPerHlogInterval() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        long cycleIntervals;
        try (var lines = Files.lines(run.latencyLog())) {
            cycleIntervals = lines.filter(l -> l.startsWith("Tag=cycle,")).count();
        }
        assertTrue(cycleIntervals >= 30, "fixture has " + cycleIntervals + " intervals");

        XYChart chart = LatencyChart.of(run);

        assertEquals(LatencyChart.SERIES.stream().sorted().toList(), names(chart).stream().sorted().toList());
        for (String name : LatencyChart.SERIES) {
            XYSeries series = chart.getSeries(name);
            assertEquals(cycleIntervals, series.getXData().length, series.getName());
        }
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        // The worst interval's max is the run's max (microseconds in the log, milliseconds drawn).
        double maxMs = java.util.Arrays.stream(chart.getSeries("max").getYData()).max().orElseThrow();
        assertEquals(run.summary().latencyUs().get("cycle").maxUs() / 1000.0, maxMs, maxMs * 0.01);
    }

    private static java.util.Set<String> names(XYChart chart) {
        return chart.getSeriesCollection().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName)
                .collect(Collectors.toSet());
    }

    /** Sum of rate x interval: the count the per-second series was made from. */
    private static double integrate(XYSeries perSecond) {
        double[] x = perSecond.getXData();
        double[] y = perSecond.getYData();
        double sum = 0;
        double previous = 0;
        for (int i = 0; i < x.length; i++) {
            sum += y[i] * (x[i] - previous);
            previous = x[i];
        }
        return sum;
    }
}
