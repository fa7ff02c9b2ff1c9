package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * twbench's own memory over the run: each agent JVM's resident set and the orchestrator's used
 * heap, so a reader sees whether twbench's processes grew while the kernel's TIME_WAIT did (a
 * leak in the tool would otherwise pass for a kernel effect). A run recorded before these columns
 * existed gets a sentence saying so instead.
 */
final class MemoryChart {
    static final String CLIENT_RSS = "client agent RSS";
    static final String SERVER_RSS = "server agent RSS";
    static final String ORCHESTRATOR_HEAP = "orchestrator heap used";
    static final String ORCHESTRATOR_HEAP_AFTER_GC = "orchestrator heap after GC";

    static final String TITLE = "Memory: agents' resident set, orchestrator's used heap";
    static final String NOT_RECORDED = "twbench's memory was not recorded in this run (older format).";
    static final String NO_READINGS = "twbench's memory columns have no readings in this run.";

    private static final double MIB_PER_KIB = 1.0 / 1024;

    /** A curve of the chart: which side's rows carry it, in which column. */
    private record Source(String name, Side side, Counter kib) {
    }

    /**
     * Each agent's RSS is on its own side's rows. The orchestrator's heap is on both rows of a
     * tick, the same value: the client's rows are one per tick, like any side's.
     */
    private static final List<Source> SOURCES = List.of(
            new Source(CLIENT_RSS, Side.CLIENT, Counters.AGENT_RSS),
            new Source(SERVER_RSS, Side.SERVER, Counters.AGENT_RSS),
            new Source(ORCHESTRATOR_HEAP, Side.CLIENT, Counters.ORCHESTRATOR_HEAP_USED),
            // The used heap's sawtooth hides a trend; its level after each collection shows one.
            new Source(ORCHESTRATOR_HEAP_AFTER_GC, Side.CLIENT, Counters.ORCHESTRATOR_HEAP_AFTER_GC));

    private MemoryChart() {
    }

    /** On the run's own time axis: for a chart looked at alone. */
    static Sketch of(RunResults run) throws IOException {
        return of(run, TimeAxis.of(run));
    }

    static Sketch of(RunResults run, TimeAxis axis) throws IOException {
        XYChart chart = ChartStyle.xy(TITLE, ChartStyle.TIME_AXIS, "memory (MiB)");
        TimeSeries.Columns loaded = run.series().load(SOURCES.stream().map(Source::kib).distinct().toArray(Counter[]::new));
        boolean recorded = false;
        double topMiB = 0;
        for (int i = 0; i < SOURCES.size(); i++) {
            Source source = SOURCES.get(i);
            if (!run.hasColumn(source.kib())) {
                continue;
            }
            recorded = true;
            TimePoints mib = TimePoints.levels(loaded.get(source.side(), source.kib())).scaled(MIB_PER_KIB);
            if (!mib.isEmpty()) {
                // Coloured by source, not by what else was drawn: a curve keeps its colour when another is missing.
                new Curve(source.name(), mib).drawOn(chart, i);
                topMiB = Math.max(topMiB, mib.maxValue());
            }
        }
        if (chart.getSeriesCollection().isEmpty()) {
            return new Sketch.Blank(TITLE, recorded ? NO_READINGS : NOT_RECORDED);
        }
        ChartStyle.fromZero(chart.getStyler(), topMiB);
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }
}
