package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.experiment.result.ExperimentChart;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.experiment.result.Series;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

class ExperimentChartsTest {
    @TempDir
    Path charts;

    /** experiments-fixture/README.md: five experiments, one of them (fin-timeout-myth) with a curve. */
    private static List<ExperimentResult> fixture() throws Exception {
        return ExperimentsFile.read(Path.of(ExperimentChartsTest.class.getResource("/experiments-fixture").toURI()))
                .results();
    }

    private static ExperimentResult withCurve(Series... series) {
        return new ExperimentResult("made-up", "Made up", "a claim", Source.OPERATORS, "a method", "an observation",
                Verdict.HOLDS, null, Map.of(), new ExperimentChart("a curve", "seconds", "sockets", List.of(series)),
                1000);
    }

    /** {@code points} readings, one a second, counting down to 1. */
    private static Series countdown(String name, int points) {
        return new Series(name, IntStream.range(0, points).mapToObj(i -> (double) i).toList(),
                IntStream.range(0, points).mapToObj(i -> (double) (points - i)).toList());
    }

    @Test
    void oneChartPerCurveWrittenAsPngAndSvgNamedAfterTheExperiment() throws Exception {
        List<ChartFile> files = ChartOutcome.drawn(ExperimentCharts.draw(fixture(), charts));

        assertEquals(List.of("experiment-fin-timeout-myth"), files.stream().map(ChartFile::name).toList());
        WrittenChart.assertReadable(files.get(0));
        try (Stream<Path> written = Files.list(charts)) {
            assertEquals(2, written.count(), "the PNG and SVG of the one curve, nothing for the others");
        }
        String text = WrittenChart.svgText(files.get(0));
        for (String words : List.of("TIME_WAIT after 100 client closes", "tcp_fin_timeout=60", "tcp_fin_timeout=5")) {
            assertTrue(text.contains(words), words + " missing from: " + text);
        }
    }

    @Test
    void outcomeForGivesAnExperimentsChartByNameOrNothing() throws Exception {
        List<ChartOutcome> outcomes = ExperimentCharts.draw(fixture(), charts);

        assertEquals(Optional.of(outcomes.get(0)), ExperimentCharts.outcomeFor(outcomes, "fin-timeout-myth"));
        assertEquals(Optional.empty(), ExperimentCharts.outcomeFor(outcomes, "server-restart"));
    }

    @Test
    void countsAreDrawnAsStepsFromZero() {
        XYChart chart = Sketched.xy(ExperimentCharts.chart(withCurve(countdown("TIME_WAIT", 5))));

        XYSeries series = chart.getSeries("TIME_WAIT");
        assertEquals(Optional.of(XYSeries.XYSeriesRenderStyle.Step), series.getXYSeriesRenderStyle());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
    }

    @Test
    void aFewReadingsAreMarkedManyAreALine() {
        XYChart sparse = Sketched.xy(ExperimentCharts.chart(withCurve(countdown("few",
                ExperimentCharts.MARKED_POINTS_MAX))));
        XYChart dense = Sketched.xy(ExperimentCharts.chart(withCurve(countdown("few", 10),
                countdown("many", ExperimentCharts.MARKED_POINTS_MAX + 1))));

        assertEquals(SeriesMarkers.CIRCLE, sparse.getSeries("few").getMarker());
        // One dense series turns marks off for the whole chart: a chart marks all its lines or none.
        assertEquals(SeriesMarkers.NONE, dense.getSeries("few").getMarker());
        assertEquals(SeriesMarkers.NONE, dense.getSeries("many").getMarker());
    }

    @Test
    void seriesNamedAlikeAreBothDrawnAndAnEmptyOneIsLeftOut() {
        XYChart chart = Sketched.xy(ExperimentCharts.chart(withCurve(countdown("bind", 3), countdown("bind", 4),
                countdown("nothing read", 0))));

        assertEquals(List.of("bind", "bind #2"), chart.getSeriesCollection().stream()
                .map(XYSeries::getName).filter(n -> !n.equals(ChartStyle.TICK_SPACER)).toList());
    }

    @Test
    void aCurveWithoutPointsIsOneSentenceNotAnEmptyChart() throws Exception {
        List<ChartOutcome> outcomes = ExperimentCharts.draw(List.of(withCurve(countdown("nothing read", 0))), charts);

        ChartOutcome.Nothing said = assertInstanceOf(ChartOutcome.Nothing.class,
                ExperimentCharts.outcomeFor(outcomes, "made-up").orElseThrow());
        assertEquals("a curve", said.title());
        assertEquals("The experiment recorded no point of its curve.", said.reason());
        try (Stream<Path> written = Files.list(charts)) {
            assertEquals(0, written.count());
        }
    }
}
