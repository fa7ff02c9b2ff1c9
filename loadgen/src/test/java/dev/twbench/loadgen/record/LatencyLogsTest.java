package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sys.Exec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * HdrHistogram's own HistogramLogProcessor reads a run's per-metric latency logs as they are, with
 * no flag but {@code -i}: its whole-run percentiles, printed in milliseconds, are summary.json's
 * within HdrHistogram's precision.
 */
@ResourceLock(LoadLock.CPU)
class LatencyLogsTest {
    @TempDir
    Path out;

    @Test
    void histogramLogProcessorReadsEachMetricsLogAsIsAndAgreesWithTheSummary() throws Exception {
        LabRequirements.assumeNamespaceLab();
        RunResult run = RunController.execute(Scenario.builder().rate(Rate.perSecond(500)).durationMs(2_000)
                .drain(false).warmupMs(0).outDir(out).build(), RunListener.SILENT);
        for (String metric : List.of("connect", "cycle")) {
            Path log = run.folder().latencyLog(metric);
            Exec.Result processed = Exec.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.HdrHistogram.HistogramLogProcessor", "-i",
                    log.toString()));
            assertTrue(processed.ok(), processed.describe());
            LatencyDigest summary = run.summary().latencyUs().get(metric);
            assertEquals(summary.count(), totalCount(processed.stdout()), metric + ": every attempt is in the log");
            // The distribution is printed at percentile ticks (..., 0.984375, 0.990625, ...): p99 lies
            // between the ticks around 0.99, give or take three significant digits each way (the
            // agent's histogram, and its copy in nanoseconds) and the printed 0.001 ms.
            double[] around = valuesAround(processed.stdout(), 0.99);
            double p99Ms = summary.p99Us() / 1000.0;
            assertTrue(p99Ms >= around[0] * 0.998 - 0.001 && p99Ms <= around[1] * 1.002 + 0.001,
                    metric + " p99 " + p99Ms + " ms, between " + around[0] + " and " + around[1] + ":\n"
                            + processed.stdout());
        }
    }

    /** The values of the whole-run distribution's last tick at or below the percentile and first at or above. */
    private static double[] valuesAround(String printed, double percentile) {
        double below = -1;
        for (String line : printed.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].matches("[0-9.]+") && f[1].matches("[01]\\.[0-9]+")) {
                double value = Double.parseDouble(f[0]);
                if (Double.parseDouble(f[1]) <= percentile) {
                    below = value;
                }
                if (Double.parseDouble(f[1]) >= percentile) {
                    return new double[] {below < 0 ? value : below, value};
                }
            }
        }
        throw new AssertionError("no percentile distribution in:\n" + printed);
    }

    private static long totalCount(String printed) {
        for (String line : printed.lines().toList()) {
            if (line.contains("Total count")) {
                return Long.parseLong(line.replaceAll(".*Total count\\s*=\\s*(\\d+).*", "$1"));
            }
        }
        throw new AssertionError("no total count in:\n" + printed);
    }
}
