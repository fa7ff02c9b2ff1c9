package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report DIR} on a run across hosts: the committed reference run's recorded files, copied
 * (results/reference/20261201-fleet), get the fleet's report. No load is run.
 */
class FleetReportCommandTest {
    private static final Path REFERENCE = Path.of("..", "results", "reference", "20261201-fleet");

    @TempDir
    Path out;

    private Path fleetFolder() throws Exception {
        Path dir = Files.createDirectories(out.resolve("20261201-193445-run"));
        for (String name : new String[] {"run.json", "summary.json", "timeseries.csv", "latency.hlog",
                "latency-connect.hlog", "latency-cycle.hlog"}) {
            Files.copy(REFERENCE.resolve(name), dir.resolve(name));
        }
        return dir;
    }

    @Test
    void reportOnAFleetFolderExitsZeroAndWritesTheFleetsReport() throws Exception {
        Path dir = fleetFolder();

        InProcessCli r = InProcessCli.execute("report", dir.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("charts: 7 in "), r.toString()); // the server held no TIME_WAIT: a sentence, no chart
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<h1>twbench fleet run: client-first, 450/s for 9 s, 3 client hosts</h1>"), html);
        assertTrue(html.contains("<div class=\"multiples\">"), "the hosts' TIME_WAIT side by side");
        try (Stream<Path> charts = Files.list(dir.resolve("charts"))) {
            assertEquals(14, charts.count(), "7 charts, each PNG and SVG");
        }
    }

    @Test
    void aFleetFolderAmongSeveralRunsIsRefusedAndNoComparisonFolderIsLeft() throws Exception {
        Path fleet = fleetFolder();
        Path oneMachine = Folders.copy(Path.of("..", "results", "reference", "20261121-191900-client-first-5000-ports"),
                out.resolve("one-machine"));
        Path compareOut = out.resolve("compare");

        InProcessCli r = InProcessCli.execute("report", oneMachine.toString(), fleet.toString(), "--out",
                compareOut.toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("a run across hosts must be given alone"), r.toString());
        assertFalse(Files.exists(compareOut), "nothing created");
    }
}
