package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} given what it cannot read: one line naming it, exit 2, nothing created. */
class ReportBadInputTest {
    @TempDir
    Path out;

    private static void assertOneLineExitTwo(InProcessCli r, String named) {
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains(named), r.toString());
    }

    /** A results folder {@code name} holding one file. */
    private Path folderWith(String name, String file, String content) throws Exception {
        Path folder = Files.createDirectories(out.resolve(name));
        Files.writeString(folder.resolve(file), content);
        return folder;
    }

    private Path experimentsFolder(String json) throws Exception {
        return folderWith("20261122-090000-experiments", "experiments.json", json);
    }

    @Test
    void aMissingPathIsNamed() {
        assertOneLineExitTwo(InProcessCli.execute("report", out.resolve("nope").toString()), "nope");
    }

    @Test
    void aFileThatIsNotAJmhResultIsRefusedAndNoReportFolderIsLeft() throws Exception {
        Path notJmh = Files.writeString(out.resolve("notes.txt"), "hello");
        assertOneLineExitTwo(InProcessCli.execute("report", notJmh.toString()), "not a JMH JSON result file");
        assertFalse(Files.exists(out.resolve("notes.txt-report")), "nothing created");
    }

    @Test
    void aRunFolderWithBrokenJsonIsBadInputNotACrash() throws Exception {
        Path run = folderWith("20261121-000000-run", "run.json", "{ not json");
        assertOneLineExitTwo(InProcessCli.execute("report", run.toString()), "not valid JSON");
    }

    @Test
    void anExperimentsFolderWithBrokenJsonIsBadInputNotACrash() throws Exception {
        Path experiments = experimentsFolder("{ not json");
        assertOneLineExitTwo(InProcessCli.execute("report", experiments.toString()), "not valid JSON");
    }

    @Test
    void anExperimentWithoutAVerdictIsBadInputAndNoReportIsWritten() throws Exception {
        Path experiments = experimentsFolder("""
                {"id": "x", "startedAt": "2026-11-22T09:00:00Z", "kernel": "6.8", "quick": false,
                 "results": [{"name": "a", "title": "A", "claim": "c", "figures": {}, "durationMs": 1}]}
                """);
        assertOneLineExitTwo(InProcessCli.execute("report", experiments.toString()), "experiments.json");
        assertFalse(Files.exists(experiments.resolve("report.html")), "nothing written");
    }

    @Test
    void anExperimentsFolderMustBeGivenAlone() throws Exception {
        Path experiments = experimentsFolder("{}");
        assertOneLineExitTwo(InProcessCli.execute("report", experiments.toString(), experiments.toString()),
                "an experiments folder must be given alone");
    }
}
