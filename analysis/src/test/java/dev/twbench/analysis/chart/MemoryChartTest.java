package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class MemoryChartTest {
    @TempDir
    Path dir;

    @Test
    void eachProcessMemoryIsDrawnInMibAgainstSecondsSinceLoadStart() throws Exception {
        // Stated here, not measured: client agent 100 then 102 MiB, server agent 80 then 82 MiB,
        // orchestrator heap 50 then 60 MiB, and 10 then 12 MiB after its latest collection (both
        // on both rows of a tick, as twbench writes them).
        RunResults run = HandWrittenRun.of(dir, null,
                "elapsedMs,side,phase,agentRssKiB,orchestratorHeapUsedKiB,orchestratorHeapAfterGcKiB",
                "0,client,load,102400,51200,10240",
                "0,server,load,81920,51200,10240",
                "100,client,load,104448,61440,12288",
                "100,server,load,83968,61440,12288");

        XYChart chart = Sketched.xy(MemoryChart.of(run));

        assertEquals(MemoryChart.TITLE, chart.getTitle());
        assertEquals("memory (MiB)", chart.getYAxisTitle());
        assertCurve(chart, MemoryChart.CLIENT_RSS, 100, 102);
        assertCurve(chart, MemoryChart.SERVER_RSS, 80, 82);
        assertCurve(chart, MemoryChart.ORCHESTRATOR_HEAP, 50, 60);
        assertCurve(chart, MemoryChart.ORCHESTRATOR_HEAP_AFTER_GC, 10, 12);
    }

    @Test
    void aRunRecordedBeforeTheMemoryColumnsIsOneSentenceNotAnEmptyChart() throws Exception {
        RunResults run = Fixtures.run(Fixtures.CLEAN);
        assertFalse(run.hasColumn(Counters.AGENT_RSS) || run.hasColumn(Counters.ORCHESTRATOR_HEAP_USED),
                "the fixture predates the memory columns");

        ChartOutcome memory = WrittenChart.named(RunCharts.draw(run, Map.of(), dir), RunCharts.MEMORY);

        ChartOutcome.Nothing said = assertInstanceOf(ChartOutcome.Nothing.class, memory);
        assertEquals(MemoryChart.TITLE, said.title());
        assertEquals("twbench's memory was not recorded in this run (older format).", said.reason());
        assertFalse(Files.exists(dir.resolve(RunCharts.MEMORY + ".png")), "no empty chart beside the report");
    }

    @Test
    void columnsWithoutAnyReadingAreSaidToHaveNoReadings() throws Exception {
        RunResults run = HandWrittenRun.of(dir, null,
                "elapsedMs,side,phase,agentRssKiB,orchestratorHeapUsedKiB",
                "0,client,load,,",
                "0,server,load,,");

        assertEquals(MemoryChart.NO_READINGS, Sketched.blank(MemoryChart.of(run)).reason());
    }

    private static void assertCurve(XYChart chart, String name, double firstMiB, double secondMiB) {
        XYSeries series = chart.getSeries(name);
        assertArrayEquals(new double[] {0, 0.1}, series.getXData(), 1e-9, name);
        assertArrayEquals(new double[] {firstMiB, secondMiB}, series.getYData(), 1e-9, name);
    }
}
