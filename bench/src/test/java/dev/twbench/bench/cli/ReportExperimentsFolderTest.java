package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report DIR} on a folder the experiments command wrote: its report, into that folder. */
class ReportExperimentsFolderTest {
    @TempDir
    Path dir;

    @Test
    void anExperimentsFolderGetsItsReportAndCharts() throws Exception {
        ExperimentChart drain = new ExperimentChart("TIME_WAIT after the close", "seconds after the close",
                "sockets in TIME_WAIT", List.of(new Series("TIME_WAIT", List.of(0.0, 30.0, 60.0, 61.0),
                        List.of(1.0, 1.0, 1.0, 0.0))));
        new ExperimentsFile("20261122-090000-experiments", "2026-11-22T09:00:00Z", "6.8.0", false, List.of(
                new ExperimentResult("timewait-length", "How long TIME_WAIT lasts", "TIME_WAIT lasts 2MSL",
                        Source.IBM_ZOS, "one close, ss every 100 ms", "60.3 s", Verdict.HOLDS_WITH_LINUX_DIFFERENCE,
                        "a fixed 60 s", Map.of("timeWaitSeconds", 60.3), drain, 61_000))).write(dir);

        InProcessCli r = InProcessCli.execute("report", dir.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("charts: 1 in "), r.toString());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("## How long TIME_WAIT lasts"));
        assertTrue(Files.size(dir.resolve("charts/experiment-timewait-length.png")) > 0);
    }
}
