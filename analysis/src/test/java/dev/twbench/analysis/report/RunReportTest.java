package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's report, written from a copy of a real run folder (fixtures/README.md). */
class RunReportTest {
    @TempDir
    Path dir;

    /** Copies the fixture (resources stay as recorded) and writes its report beside the copy. */
    private ReportWriter.Written reportOf(String fixture) throws Exception {
        Path source = Path.of(getClass().getResource("/fixtures/" + fixture).toURI());
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return ReportWriter.forRun(dir);
    }

    @Test
    void overflowIsReportedAsTheKernelDroppingTimeWaitNotAsATwbenchFailure() throws Exception {
        ReportWriter.Written written = reportOf("20261121-220638-overflow");

        String said = "The client's TIME_WAIT reached net.ipv4.tcp_max_tw_buckets (500), and the kernel then closed"
                + " 2,500 connections without TIME_WAIT (TcpExt TCPTimeWaitOverflow): it dropped TIME_WAIT's"
                + " protection for them";
        String md = Files.readString(written.markdown());
        assertTrue(md.contains(said), md);
        assertTrue(md.contains("not a twbench failure"), md);
        assertTrue(md.contains("No connection failed."), md);
        assertFalse(md.contains("The server's TIME_WAIT reached"), "the server did not overflow:\n" + md);
        assertTrue(Files.readString(written.html()).contains(said), "the HTML says the same");
    }

    @Test
    void aRunWithoutOverflowSaysNothingAboutIt() throws Exception {
        String md = Files.readString(reportOf("20261121-190752-clean").markdown());

        assertFalse(md.contains("TCPTimeWaitOverflow"), md);
        assertFalse(md.contains("without TIME_WAIT"), md);
    }

    @Test
    void theMemoryChartIsAmongTheReportsCharts() throws Exception {
        ReportWriter.Written written = reportOf("20261121-190752-clean");

        String md = Files.readString(written.markdown());
        assertTrue(md.contains("(not recorded in this run)](charts/memory.png)"), md);
        assertTrue(Files.readString(written.html()).contains("not recorded in this run"));
    }
}
