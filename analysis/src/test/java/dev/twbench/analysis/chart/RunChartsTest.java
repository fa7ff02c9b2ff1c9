package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class RunChartsTest {
    @TempDir
    Path charts;

    /** The drawn charts, by name. */
    private Map<String, ChartFile> render(String fixture, Map<Side, List<CapacityLine>> lines) throws Exception {
        return WrittenChart.drawn(RunCharts.draw(Fixtures.run(fixture), lines, charts));
    }

    @Test
    void everyRunHasTheSameChartsInOrderEachDrawnAsPngAndSvgOrSaid() throws Exception {
        List<ChartOutcome> outcomes = RunCharts.draw(Fixtures.run(Fixtures.CLEAN), Map.of(), charts);

        assertEquals(List.of("timewait-client", "timewait-server", "rate", "failures", "latency", "memory"),
                outcomes.stream().map(ChartOutcome::name).toList());
        // The clean run: client-first (no TIME_WAIT on the server), no failure, recorded before the memory columns.
        assertEquals(List.of(true, false, true, false, true, false),
                outcomes.stream().map(ChartOutcome.Drawn.class::isInstance).toList());
        assertEquals("true", System.getProperty("java.awt.headless"));
        for (ChartFile file : ChartOutcome.drawn(outcomes)) {
            assertEquals(charts.resolve(file.name() + ".png"), file.png());
            assertEquals(charts.resolve(file.name() + ".svg"), file.svg());
            WrittenChart.assertReadable(file);
            assertTrue(WrittenChart.svgText(file).startsWith(file.title()), file.name());
        }
    }

    @Test
    void aSideWithoutTimeWaitIsOneSentenceNotAnEmptyAxis() throws Exception {
        // An earlier rendering's empty chart, as re-rendering a report finds it.
        Files.writeString(charts.resolve("timewait-server.png"), "an empty axis from 0 to 1");

        ChartOutcome server = WrittenChart.named(RunCharts.draw(Fixtures.run(Fixtures.CLEAN), Map.of(), charts),
                "timewait-server");

        ChartOutcome.Nothing said = assertInstanceOf(ChartOutcome.Nothing.class, server);
        assertEquals("TIME_WAIT on the server", said.title());
        assertEquals("The server held no TIME_WAIT in this run: client-first leaves it on the client.", said.reason());
        assertFalse(Files.exists(charts.resolve("timewait-server.png")), "no picture, not even an old one");
        assertFalse(Files.exists(charts.resolve("timewait-server.svg")));
    }

    @Test
    void aResetLeavesTimeWaitOnNeitherSideAndEachSideSaysSo() throws Exception {
        RunResults run = Fixtures.run(Fixtures.RST_DRAIN);

        for (Side side : Side.ENDS) {
            assertEquals("The " + side.label() + " held no TIME_WAIT in this run: client-rst ends each connection with"
                    + " a reset, which leaves TIME_WAIT on neither side.",
                    Sketched.blank(TimeWaitChart.of(run, side, List.of())).reason());
        }
    }

    @Test
    void bindingCapacityLineIsDrawnOnItsSideOnly() throws Exception {
        // 1000 client ports, exhausted: the TIME_WAIT curve runs into the line.
        Map<String, ChartFile> files = render(Fixtures.EXHAUSTED,
                Map.of(Side.CLIENT, List.of(new CapacityLine("ports available", 1000))));

        assertTrue(WrittenChart.svgText(files.get("timewait-client")).contains("ports available (1,000)"));
        assertFalse(files.containsKey("timewait-server"), "the server held no TIME_WAIT: no chart, no line");
    }

    @Test
    void capacityLineFarAboveTheCurveIsNamedInTheTitleNotDrawn() throws Exception {
        RunResults run = Fixtures.run(Fixtures.EXHAUSTED);
        CapacityLine buckets = new CapacityLine("tcp_max_tw_buckets", 131072);
        assertTrue(buckets.sockets() > TimeWaitChart.OFF_SCALE_FACTOR * run.timeWaitPeak(Side.CLIENT));

        XYChart chart = Sketched.xy(TimeWaitChart.of(run, Side.CLIENT,
                List.of(buckets, new CapacityLine("ports available", 1000))));

        assertTrue(chart.getTitle().contains("tcp_max_tw_buckets 131,072"), chart.getTitle());
        assertEquals(null, chart.getSeries(TimeWaitChart.seriesName(buckets)));
        assertTrue(chart.getSeries("ports available (1,000)") != null);
    }

    @Test
    void titleNamingManyOffScaleLimitsStillFitsTheChart() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        List<CapacityLine> far = List.of(new CapacityLine("ports available", 28232),
                new CapacityLine("tcp_max_tw_buckets", 131072), new CapacityLine("nf_conntrack_max", 262144));

        String title = TimeWaitChart.of(run, Side.CLIENT, far).title();

        assertEquals(title, ChartStyle.fittingTitle(title), "title wider than the chart: " + title);
        assertTrue(title.contains("off scale"), title);
    }

    @Test
    void timeWaitCurveIsTheCsvLevelAgainstSecondsSinceLoadStart() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        XYSeries curve = Sketched.xy(TimeWaitChart.of(run, Side.CLIENT, List.of())).getSeries(TimeWaitChart.SERIES);

        TimeSeries.Column tw = run.series().column(Side.CLIENT, "timeWaitSockets");
        assertEquals(tw.size(), curve.getXData().length);
        int last = tw.size() - 1;
        assertEquals(tw.rows().elapsedMs(last) / 1000.0, curve.getXData()[last], 1e-9);
        assertEquals(tw.get(last), curve.getYData()[last], 1e-9);
        assertEquals(run.summary().timeWait().get("client").peak(), (long) TimePoints.levels(tw).maxValue());
    }

    @Test
    void drainStartIsMarkedOnlyWhenTheRunDrained() throws Exception {
        // Stated here, not measured: TIME_WAIT on the client, the drain from 0.2 s on.
        RunResults drained = HandWrittenRun.of(charts, null, "elapsedMs,side,phase,timeWaitSockets,twOverflowCount",
                "0,client,load,0,0", "0,server,load,0,0",
                "100,client,load,5,0", "100,server,load,0,0",
                "200,client,drain,5,0", "200,server,drain,0,0",
                "300,client,drain,0,0", "300,server,drain,0,0");

        XYSeries marker = Sketched.xy(TimeWaitChart.of(drained, Side.CLIENT, List.of()))
                .getSeries(TimeWaitChart.DRAIN_SERIES);

        assertEquals(0.2, marker.getXData()[0], 1e-9);
        assertFalse(WrittenChart.svgText(render(Fixtures.CLEAN, Map.of()).get("timewait-client"))
                .contains(TimeWaitChart.DRAIN_SERIES));
    }

    @Test
    void overflowIsDrawnOnTheSideThatOverflowed() throws Exception {
        RunResults run = Fixtures.run(Fixtures.OVERFLOW);
        long overflow = run.summary().timeWait().get("client").overflow();
        assertTrue(overflow > 0, "the fixture overflowed the client's tcp_max_tw_buckets");
        assertEquals(overflow, run.total(Side.CLIENT, Counters.TW_OVERFLOW), "the CSV adds up to the summary");

        XYSeries skipped = Sketched.xy(TimeWaitChart.of(run, Side.CLIENT, List.of()))
                .getSeries(TimeWaitChart.OVERFLOW_SERIES);

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
        Sketched.blank(TimeWaitChart.of(run, Side.SERVER, List.of())); // neither TIME_WAIT nor overflow
    }

    @Test
    void tcpMaxTwBucketsIsDrawnAsTheLimitTheOverflowingCurveRanInto() throws Exception {
        RunResults run = Fixtures.run(Fixtures.OVERFLOW);
        long buckets = run.manifest().path("lab").path("client").path("sysctls").path("net.ipv4.tcp_max_tw_buckets")
                .asLong();
        assertEquals(500, buckets);
        assertEquals(buckets, run.timeWaitPeak(Side.CLIENT), "TIME_WAIT stopped at the limit");
        CapacityLine limit = new CapacityLine("tcp_max_tw_buckets (client)", buckets);

        XYChart chart = Sketched.xy(TimeWaitChart.of(run, Side.CLIENT, List.of(limit)));

        XYSeries line = chart.getSeries(TimeWaitChart.seriesName(limit));
        assertArrayEquals(new double[] {buckets, buckets}, line.getYData(), 1e-9);
        assertTrue(chart.getSeries(TimeWaitChart.OVERFLOW_SERIES) != null);
    }

    @Test
    void aRunWithoutOverflowKeepsItsTimeWaitChartAsItWas() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        assertEquals(0, run.summary().timeWait().get("client").overflow());

        XYChart chart = Sketched.xy(TimeWaitChart.of(run, Side.CLIENT, List.of()));

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
            assertEquals(null, Sketched.xy(TimeWaitChart.of(host, side, List.of()))
                    .getSeries(TimeWaitChart.OVERFLOW_SERIES));
            assertArrayEquals(new double[] {0, 7}, Sketched.xy(TimeWaitChart.of(netns, side, List.of()))
                    .getSeries(TimeWaitChart.OVERFLOW_SERIES).getYData(), 1e-9);
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
        double completed = integrate(Sketched.xy(RateChart.of(run)).getSeries(RateChart.COMPLETED));
        assertEquals(run.summary().completed(), completed, 0.5);
    }

    @Test
    void failuresChartStacksEachErrnoTheRunMet() throws Exception {
        RunResults run = Fixtures.run(Fixtures.EXHAUSTED);
        ChartFile file = render(Fixtures.EXHAUSTED, Map.of()).get(RunCharts.FAILURES);

        assertTrue(WrittenChart.svgText(file).contains("EADDRNOTAVAIL"));
        XYChart chart = Sketched.xy(FailureChart.of(run));
        assertEquals(run.summary().failures().keySet(), names(chart));
        double failed = integrate(chart.getSeries("EADDRNOTAVAIL"));
        assertEquals(run.summary().failures().get("EADDRNOTAVAIL"), failed, 0.5);
    }

    @Test
    void aRunWithoutFailuresSaysSoInOneSentence() throws Exception {
        ChartOutcome failures = WrittenChart.named(RunCharts.draw(Fixtures.run(Fixtures.CLEAN), Map.of(), charts),
                RunCharts.FAILURES);

        assertEquals("No connection failed in this run.",
                assertInstanceOf(ChartOutcome.Nothing.class, failures).reason());
        assertFalse(Files.exists(charts.resolve(RunCharts.FAILURES + ".png")));
    }

    @Test
    void latencyChartHasOnePointPerHlogInterval() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        long cycleIntervals;
        try (var lines = Files.lines(run.latencyLog())) {
            cycleIntervals = lines.filter(l -> l.startsWith("Tag=cycle,")).count();
        }
        assertTrue(cycleIntervals >= 30, "fixture has " + cycleIntervals + " intervals");

        XYChart chart = Sketched.xy(LatencyChart.of(run));

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

    @Test
    void everyTimeChartOfARunSharesOneTimeAxisFromZeroToItsLastRow() throws Exception {
        for (String fixture : List.of(Fixtures.EXHAUSTED, Fixtures.RST_DRAIN)) {
            RunResults run = Fixtures.run(fixture);
            List<ChartFile> timeCharts = render(fixture, Map.of()).values().stream()
                    .filter(f -> !f.name().equals(RunCharts.MEMORY)).toList();
            assertTrue(timeCharts.size() >= 2, fixture + ": " + timeCharts);

            List<String> ticks = WrittenChart.axisLabels(timeCharts.get(0), "X");
            assertTrue(ticks.size() >= 4 && ticks.get(0).equals("0"), fixture + ": " + ticks);
            for (ChartFile chart : timeCharts) {
                assertEquals(ticks, WrittenChart.axisLabels(chart, "X"), fixture + ", " + chart.name());
            }
            TimeSeries.Rows rows = run.rows(Side.CLIENT);
            double lastRowSeconds = rows.elapsedMs(rows.size() - 1) / 1000.0;
            XYChart rate = Sketched.xy(RateChart.of(run));
            assertEquals(0.0, rate.getStyler().getXAxisMin());
            assertEquals(lastRowSeconds, rate.getStyler().getXAxisMax(), 1e-9, fixture + ": the whole run, drain included");
        }
    }

    @Test
    void theLatencyChartRunsThroughTheDrainLikeTheTimeWaitChart() throws Exception {
        // Stated here, not measured: load to 0.1 s, drain to 60 s, TIME_WAIT on the client; the
        // latency log (the clean fixture's) covers the load only.
        RunResults drained = HandWrittenRun.of(charts, null, "elapsedMs,side,phase,timeWaitSockets,twOverflowCount",
                "0,client,load,0,0", "0,server,load,0,0",
                "100,client,load,5,0", "100,server,load,0,0",
                "60000,client,drain,0,0", "60000,server,drain,0,0");
        Files.copy(Fixtures.run(Fixtures.CLEAN).latencyLog(), drained.latencyLog());

        Map<String, ChartFile> files = WrittenChart.drawn(RunCharts.draw(drained, Map.of(), charts.resolve("charts")));

        List<String> ticks = WrittenChart.axisLabels(files.get("timewait-client"), "X");
        assertEquals(List.of("0", "10", "20", "30", "40", "50", "60"), ticks);
        assertEquals(ticks, WrittenChart.axisLabels(files.get(RunCharts.LATENCY), "X"));
    }

    @Test
    void latencyAxisIsLabelledAtEachDecadeAndAtItsTwoAndFive() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        XYChart chart = Sketched.xy(LatencyChart.of(run));
        double lowestMs = java.util.Arrays.stream(chart.getSeries("p50").getYData()).min().orElseThrow();
        double highestMs = java.util.Arrays.stream(chart.getSeries("max").getYData()).max().orElseThrow();
        assertTrue(highestMs / lowestMs < 1000, "less than three decades: " + lowestMs + " to " + highestMs + " ms");

        List<String> labels = WrittenChart.axisLabels(render(Fixtures.CLEAN, Map.of()).get(RunCharts.LATENCY), "Y");

        // XChart's own log axis labelled its decades only: two labels over this range.
        assertTrue(labels.size() >= 5, labels.toString());
        List<Double> values = labels.stream().map(l -> Double.parseDouble(l.replace(",", ""))).toList();
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
            assertTrue(List.of(1L, 2L, 5L).contains(Math.round(mantissa)), labels.toString());
            if (i > 0) {
                double ratio = v / values.get(i - 1);
                assertTrue(ratio > 1.9 && ratio < 2.6, "the next of 1, 2, 5, 10, ...: " + labels);
            }
        }
        assertTrue(values.get(0) <= lowestMs && values.get(values.size() - 1) >= highestMs,
                "the axis runs from a label to a label around the data: " + labels);
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
