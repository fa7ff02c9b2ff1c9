package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.experiment.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code experiments} command run in this JVM, with the results folder it wrote. Checks what
 * every run must leave: exit 0, experiments.json with one result per experiment asked for, a
 * report, and no namespace of the lab left behind.
 */
record ExperimentsRun(String out, Path folder, ExperimentsFile file) {

    static ExperimentsRun of(Path outDir, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("experiments", "--out", outDir.toString()));
        argv.addAll(List.of(args));
        InProcessCli cli = InProcessCli.execute(argv.toArray(String[]::new));
        String printed = cli.toString();
        assertEquals(0, cli.exitCode(), printed);
        Path folder;
        try (Stream<Path> dirs = Files.list(outDir)) {
            folder = dirs.filter(d -> d.getFileName().toString().endsWith("-experiments")).findFirst().orElseThrow();
        }
        assertTrue(Files.isRegularFile(folder.resolve("report.html")), printed);
        List<String> leaked = LabLeaks.leftBy(folder);
        assertTrue(leaked.isEmpty(), "the churn labs were removed: " + leaked);
        return new ExperimentsRun(printed, folder, ExperimentsFile.read(folder));
    }

    ExperimentResult result(String name) {
        ExperimentResult r = file.results().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        assertNotNull(r, name + " in experiments.json: " + out);
        assertFalse(r.verdict() == Verdict.FAILED, name + " could not be carried out: " + r.observed());
        return r;
    }

    /** The experiment's verdict is {@code expected}; the message carries what it saw. */
    ExperimentResult assertVerdict(String name, Verdict expected) {
        ExperimentResult r = result(name);
        assertEquals(expected, r.verdict(), name + ": " + r.observed());
        return r;
    }
}
