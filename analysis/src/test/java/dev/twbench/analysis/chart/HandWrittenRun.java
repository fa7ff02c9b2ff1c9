package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run folder a test writes itself, with only the columns a chart reads and values the test
 * states: for charts of data no fixture has. It claims nothing about any real run.
 */
final class HandWrittenRun {
    private HandWrittenRun() {
    }

    /** timeseries.csv from these lines (the first is the header), and run.json if given. */
    static RunResults of(Path dir, String runJson, String... csvLines) throws IOException {
        Files.writeString(dir.resolve("timeseries.csv"), String.join("\n", csvLines) + "\n");
        if (runJson != null) {
            Files.writeString(dir.resolve("run.json"), runJson);
        }
        return RunResults.load(dir);
    }
}
