package dev.twbench.analysis.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed reference run across hosts, results/reference/20261201-fleet (results/README.md):
 * one server host and three client hosts of 1,000 ports each at 150/s, run out at 6.668 s. Its
 * files as recorded are copied for a test, never its report, which the test writes itself.
 *
 * <pre>{@code
 * Path dir = FleetFixture.copyTo(tempDir);
 * FleetResults fleet = FleetResults.load(dir);
 * }</pre>
 */
public final class FleetFixture {
    /** Tests run in the module's folder; the reference runs are the repository's. */
    public static final Path REFERENCE = Path.of("..", "results", "reference", "20261201-fleet");
    /** What the run wrote; the report, report.md and charts/ are made from these. */
    public static final List<String> RECORDED = List.of("run.json", "summary.json", "timeseries.csv", "latency.hlog",
            "latency-connect.hlog", "latency-cycle.hlog");

    private FleetFixture() {
    }

    /** Copies the recorded files into {@code dir}; returns it. */
    public static Path copyTo(Path dir) throws IOException {
        for (String name : RECORDED) {
            Files.copy(REFERENCE.resolve(name), dir.resolve(name));
        }
        return dir;
    }
}
