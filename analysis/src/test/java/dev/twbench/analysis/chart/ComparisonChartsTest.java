package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

class ComparisonChartsTest {
    @TempDir
    Path charts;

    private static List<LabelledRun> threeRuns() {
        return List.of(new LabelledRun("28k ports", Fixtures.run(Fixtures.CLEAN)),
                new LabelledRun("1000 ports", Fixtures.run(Fixtures.EXHAUSTED)),
                new LabelledRun("client-rst", Fixtures.run(Fixtures.RST_DRAIN)));
    }

    @Test
    void everyComparisonChartIsWrittenAsPngAndSvgOrSaid() throws Exception {
        List<ChartOutcome> outcomes = ComparisonCharts.draw(threeRuns(), charts);

        assertEquals(List.of("compare-timewait-client", "compare-timewait-server", "compare-achieved-rate",
                "compare-first-failure"), outcomes.stream().map(ChartOutcome::name).toList());
        for (ChartFile file : ChartOutcome.drawn(outcomes)) {
            WrittenChart.assertReadable(file);
        }
        // All three closed first on the client (or reset): the server held none.
        assertEquals("None of these 3 runs held TIME_WAIT on the server.", assertInstanceOf(ChartOutcome.Nothing.class,
                WrittenChart.named(outcomes, "compare-timewait-server")).reason());
        assertEquals(List.of("compare-timewait-client", "compare-achieved-rate", "compare-first-failure"),
                ChartOutcome.drawn(ComparisonCharts.draw(threeRuns(), charts)).stream().map(ChartFile::name).toList());
    }

    @Test
    void timeWaitCurvesAreOverlaidOnePerRun() throws Exception {
        Map<String, ChartFile> files = ChartOutcome.drawn(ComparisonCharts.draw(threeRuns(), charts)).stream()
                .collect(Collectors.toMap(ChartFile::name, f -> f));

        String text = WrittenChart.svgText(files.get(ComparisonCharts.timeWaitName(Side.CLIENT)));
        for (String label : List.of("28k ports", "1000 ports", "client-rst")) {
            assertTrue(text.contains(label), label + " missing from: " + text);
        }
        assertEquals(2000, Sketched.xy(ComparisonCharts.timeWait(threeRuns(), Side.CLIENT)).getSeries("28k ports")
                .getYData()[Fixtures.run(Fixtures.CLEAN).rows(Side.CLIENT).size() - 1], 0.0);
    }

    @Test
    void achievedRateBarsAreEachSummarysValue() throws Exception {
        List<LabelledRun> runs = threeRuns();
        CategorySeries bars = only(ComparisonCharts.achievedRate(runs));

        assertEquals(List.of("28k ports", "1000 ports", "client-rst"), new ArrayList<>(bars.getXData()));
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(runs.get(i).run().summary().achievedRateCps(), bars.getYData()[i], 1e-9);
        }
    }

    @Test
    void runThatNeverFailedHasNoBarAndIsLabelledNone() throws Exception {
        List<LabelledRun> runs = threeRuns();
        CategorySeries bars = only(ComparisonCharts.firstFailure(runs));

        assertEquals(List.of("28k ports (none)", "1000 ports", "client-rst (none)"), new ArrayList<>(bars.getXData()));
        assertEquals(runs.get(1).run().summary().firstFailureSecond(), bars.getYData()[1], 1e-9);
        assertTrue(bars.getYData()[1] > 1.5 && bars.getYData()[1] < 2.5, "EADDRNOTAVAIL after ~2 s of 1000 ports at 500/s");
        // No bar, not a bar at 0 ("failed at once").
        assertTrue(Double.isNaN(bars.getYData()[0]), "bar at " + bars.getYData()[0]);

        ChartFile file = ChartOutcome.drawn(ComparisonCharts.draw(runs, charts)).stream()
                .filter(f -> f.name().equals(ComparisonCharts.FIRST_FAILURE)).findFirst().orElseThrow();
        assertTrue(WrittenChart.svgText(file).contains("28k ports (none)"));
    }

    @Test
    void runWithoutSummaryKeepsItsCurveButHasNoBars(@TempDir Path copy) throws Exception {
        Path stopped = copy.resolve("stopped");
        Files.createDirectories(stopped);
        try (var files = Files.list(Fixtures.path(Fixtures.EXHAUSTED))) {
            for (Path f : files.toList()) {
                Files.copy(f, stopped.resolve(f.getFileName()));
            }
        }
        Files.delete(stopped.resolve("summary.json"));
        RunResults noSummary = RunResults.load(stopped);
        assertNull(noSummary.summary());
        // The exhausted run's summary: a run that failed, so that the first failure chart is drawn.
        List<LabelledRun> runs = List.of(new LabelledRun("exhausted", Fixtures.run(Fixtures.EXHAUSTED)),
                new LabelledRun("stopped", noSummary));

        Map<String, ChartFile> files = ChartOutcome.drawn(ComparisonCharts.draw(runs, charts)).stream()
                .collect(Collectors.toMap(ChartFile::name, f -> f));

        assertTrue(WrittenChart.svgText(files.get("compare-timewait-client")).contains("stopped"));
        assertFalse(WrittenChart.svgText(files.get(ComparisonCharts.ACHIEVED_RATE)).contains("stopped"));
        assertFalse(WrittenChart.svgText(files.get(ComparisonCharts.FIRST_FAILURE)).contains("stopped"));
    }

    @Test
    void barsOfRunsWithoutSummariesAreASentence(@TempDir Path copy) throws Exception {
        Path stopped = copy.resolve("stopped");
        Files.createDirectories(stopped);
        Files.copy(Fixtures.path(Fixtures.CLEAN).resolve("timeseries.csv"), stopped.resolve("timeseries.csv"));

        List<ChartOutcome> outcomes = ComparisonCharts.draw(List.of(new LabelledRun("stopped",
                RunResults.load(stopped))), charts);

        assertEquals("No run wrote a summary.json, so none has a measured rate.", assertInstanceOf(
                ChartOutcome.Nothing.class, WrittenChart.named(outcomes, ComparisonCharts.ACHIEVED_RATE)).reason());
        assertInstanceOf(ChartOutcome.Nothing.class, WrittenChart.named(outcomes, ComparisonCharts.FIRST_FAILURE));
        assertEquals(List.of("compare-timewait-client"), ChartOutcome.drawn(outcomes).stream().map(ChartFile::name)
                .toList());
    }

    @Test
    void runsThatNeverFailedHaveNoFirstFailureChartButASentence() throws Exception {
        List<LabelledRun> runs = List.of(new LabelledRun("clean", Fixtures.run(Fixtures.CLEAN)),
                new LabelledRun("overflow", Fixtures.run(Fixtures.OVERFLOW)));

        ChartOutcome failure = WrittenChart.named(ComparisonCharts.draw(runs, charts), ComparisonCharts.FIRST_FAILURE);

        assertEquals("No run failed, so there is no first failure to compare.",
                assertInstanceOf(ChartOutcome.Nothing.class, failure).reason());
    }

    @Test
    void everyRunKeepsItsLabelUnderItsBarHoweverManyRuns() throws Exception {
        // A sweep of 20 variants with long names, each the clean run (only the labels matter here).
        RunResults clean = Fixtures.run(Fixtures.CLEAN);
        List<LabelledRun> runs = IntStream.range(0, 20)
                .mapToObj(i -> new LabelledRun("rate=" + (500 * (i + 1)) + ",ports=28232", clean)).toList();

        ChartFile bars = ChartWriter.write(ComparisonCharts.achievedRate(runs), ComparisonCharts.ACHIEVED_RATE, charts);

        assertEquals(runs.stream().map(LabelledRun::label).toList(), WrittenChart.axisLabels(bars, "X"));
    }

    @Test
    void runsLabelledAlikeStaySeparate() throws Exception {
        List<LabelledRun> runs = List.of(new LabelledRun("run", Fixtures.run(Fixtures.CLEAN)),
                new LabelledRun("run", Fixtures.run(Fixtures.EXHAUSTED)));

        assertEquals(List.of("run", "run #2"), new ArrayList<>(only(ComparisonCharts.achievedRate(runs)).getXData()));
        XYChart overlay = Sketched.xy(ComparisonCharts.timeWait(runs, Side.CLIENT));
        assertTrue(overlay.getSeries("run") != null && overlay.getSeries("run #2") != null);
    }

    private static CategorySeries only(CategoryChart chart) {
        assertEquals(1, chart.getSeriesCollection().size());
        return chart.getSeriesCollection().iterator().next();
    }
}
