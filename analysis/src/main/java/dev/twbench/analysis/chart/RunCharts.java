package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every chart of one run, written as PNG and SVG: TIME_WAIT per side (with the limits the caller
 * says bind, the drain's start, and the closes that skipped TIME_WAIT if the side overflowed),
 * achieved vs target rate, failures by errno, latency, twbench's own memory, and a NAT lab's
 * router pool ({@link NatChart}, only for a run with one). Every run gets the same list, in the
 * same order; a chart with nothing to draw is one sentence in it ({@link ChartOutcome.Nothing}),
 * not an empty axis. The time charts share one time axis: 0 to the run's last row, drain
 * included ({@link TimeAxis}).
 *
 * <pre>{@code
 * RunResults run = RunResults.load(runDir);
 * List<ChartOutcome> charts = RunCharts.draw(run,
 *         Map.of(Side.CLIENT, List.of(new CapacityLine("ports available", 28232))),
 *         runDir.resolve("charts"));
 * }</pre>
 */
public final class RunCharts {
    public static final String RATE = "rate";
    public static final String FAILURES = "failures";
    public static final String LATENCY = "latency";
    public static final String MEMORY = "memory";
    public static final String NAT = "nat";

    private RunCharts() {
    }

    /** {@code timewait-client} or {@code timewait-server}. */
    public static String timeWaitName(Side side) {
        return "timewait-" + side.label();
    }

    /**
     * @param capacityLines per side, the limits to draw on its TIME_WAIT chart; a side may be absent
     * @return every chart of the run, drawn or said, in the order a report shows them
     */
    public static List<ChartOutcome> draw(RunResults run, Map<Side, List<CapacityLine>> capacityLines,
            Path chartsDir) throws IOException {
        LatencyCurves cycle = LatencyChart.read(run);
        TimeAxis axis = TimeAxis.of(run, cycle == null ? 0 : cycle.maxUs().lastSecond());
        List<ChartOutcome> charts = new ArrayList<>();
        for (Side side : Side.ENDS) {
            charts.add(ChartWriter.write(TimeWaitChart.of(run, side, capacityLines.getOrDefault(side, List.of()), axis),
                    timeWaitName(side), chartsDir));
        }
        charts.add(ChartWriter.write(RateChart.of(run, axis), RATE, chartsDir));
        charts.add(ChartWriter.write(FailureChart.of(run, axis), FAILURES, chartsDir));
        charts.add(ChartWriter.write(LatencyChart.of(cycle, axis), LATENCY, chartsDir));
        charts.add(ChartWriter.write(MemoryChart.of(run, axis), MEMORY, chartsDir));
        if (run.summary() != null && run.summary().nat() != null) {
            charts.add(ChartWriter.write(NatChart.of(run, run.summary().nat().portsAvailable(), axis), NAT, chartsDir));
        }
        return charts;
    }

}
