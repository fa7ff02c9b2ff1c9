package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.chart.RunCharts;
import dev.twbench.analysis.results.RunResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void aChartWithNothingToDrawIsASentenceWhereTheChartWouldBe() throws Exception {
        reportOf("20261121-190752-clean");
        RunResults run = RunResults.load(dir);
        // The clean run: client-first, no failure, recorded before the memory columns.
        Report report = RunReport.of(run, RunCharts.draw(run, Map.of(), dir.resolve(ReportWriter.CHARTS)));

        String md = MarkdownRenderer.render(report, dir);
        String charts = md.substring(md.indexOf("\n## Charts\n"), md.indexOf("\n## Raw data\n"));
        String server = "**TIME_WAIT on the server:** The server held no TIME_WAIT in this run: client-first leaves it"
                + " on the client.";
        List<String> inOrder = List.of("](charts/timewait-client.png)", server, "](charts/rate.png)",
                "**Client failures per second by errno:** No connection failed in this run.", "](charts/latency.png)",
                "**Memory: agents' resident set, orchestrator's used heap:** twbench's memory was not recorded in this"
                        + " run (older format).");
        int at = -1;
        for (String shown : inOrder) {
            int next = charts.indexOf(shown);
            assertTrue(next > at, shown + " after the chart before it, in\n" + charts);
            at = next;
        }
        assertFalse(charts.contains("charts/memory.png") || charts.contains("charts/timewait-server.png"), charts);

        String html = HtmlRenderer.render(report);
        assertTrue(html.contains("<p class=\"nochart\"><strong>TIME_WAIT on the server:</strong> The server held no"
                + " TIME_WAIT in this run: client-first leaves it on the client.</p>"), html);
        assertEquals(3, html.split("<img ", -1).length - 1, "three charts drawn, three said");
    }

    @Test
    void anHttpRunCountsItsResponsesByStatus() throws Exception {
        // nginx answered all 200 requests with 404: each a failure named by its status.
        String md = Files.readString(reportOf("20261201-222422-http-404").markdown());
        assertTrue(md.contains("## HTTP responses"), md);
        assertTrue(md.contains("| 2xx (requests answered) | 0 | 0.0 % |"), md);
        assertTrue(md.contains("| 404 (failed as HTTP_404) | 200 | 100.0 % |"), md);
    }

    @Test
    void aRawRunHasNoHttpResponses() throws Exception {
        assertFalse(Files.readString(reportOf("20261121-190752-clean").markdown()).contains("HTTP responses"));
    }
}
