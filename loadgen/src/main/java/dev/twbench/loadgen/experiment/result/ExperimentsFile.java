package dev.twbench.loadgen.experiment.result;

import dev.twbench.loadgen.record.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * experiments.json: one {@code experiments} run.
 *
 * @param id          the results folder's name
 * @param startedAt   ISO-8601, when the run started
 * @param kernel      {@code uname -r} of the machine that ran it
 * @param quick       true if the 60 s experiments were skipped ({@code --quick})
 * @param results     one per experiment run, in catalogue order
 */
public record ExperimentsFile(String id, String startedAt, String kernel, boolean quick,
        List<ExperimentResult> results) {
    public static final String NAME = "experiments.json";

    public ExperimentsFile {
        results = List.copyOf(results);
    }

    public void write(Path dir) throws IOException {
        Json.write(dir.resolve(NAME), this);
    }

    public static ExperimentsFile read(Path dir) throws IOException {
        return Json.read(dir.resolve(NAME), ExperimentsFile.class);
    }
}
