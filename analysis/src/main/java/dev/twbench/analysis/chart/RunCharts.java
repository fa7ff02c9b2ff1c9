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
 * router pool ({@link NatChart}, only for a run with one). A chart with
 * nothing to show is still written, titled so, so a report has the same charts for every run.
 *
 * <pre>{@code
 * RunResults run = RunResults.load(runDir);
 * List<ChartFile> charts = RunCharts.render(run,
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

    /** @param capacityLines per side, the limits to draw on its TIME_WAIT chart; a side may be absent */
    public static List<ChartFile> render(RunResults run, Map<Side, List<CapacityLine>> capacityLines, Path chartsDir)
            throws IOException {
        List<ChartFile> files = new ArrayList<>();
        for (Side side : Side.ENDS) {
            files.add(ChartWriter.write(TimeWaitChart.of(run, side, capacityLines.getOrDefault(side, List.of())),
                    timeWaitName(side), chartsDir));
        }
        files.add(ChartWriter.write(RateChart.of(run), RATE, chartsDir));
        files.add(ChartWriter.write(FailureChart.of(run), FAILURES, chartsDir));
        files.add(ChartWriter.write(LatencyChart.of(run), LATENCY, chartsDir));
        files.add(ChartWriter.write(MemoryChart.of(run), MEMORY, chartsDir));
        if (run.summary() != null && run.summary().nat() != null) {
            files.add(ChartWriter.write(NatChart.of(run, run.summary().nat().portsAvailable()), NAT, chartsDir));
        }
        return files;
    }
}
