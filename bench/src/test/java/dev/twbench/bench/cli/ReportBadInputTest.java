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
        Path run = Files.createDirectories(out.resolve("20261121-000000-run"));
        Files.writeString(run.resolve("run.json"), "{ not json");
        assertOneLineExitTwo(InProcessCli.execute("report", run.toString()), "not valid JSON");
    }
}
