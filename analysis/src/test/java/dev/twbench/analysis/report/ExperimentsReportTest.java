package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.chart.ChartFile;
import dev.twbench.analysis.chart.ExperimentCharts;
import dev.twbench.loadgen.experiment.result.ExperimentChart;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.experiment.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of an experiments folder, from the hand-written fixture (experiments-fixture/README.md):
 * five experiments, one per verdict, one with a curve.
 */
class ExperimentsReportTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;
    private ReportWriter.Written written;
    private ExperimentsFile fixture;
    private String html;
    private String md;

    @BeforeEach
    void reportOfACopyOfTheFixture() throws Exception {
        Path source = Path.of(getClass().getResource("/experiments-fixture").toURI()).resolve(ExperimentsFile.NAME);
        Files.copy(source, dir.resolve(ExperimentsFile.NAME));
        fixture = ExperimentsFile.read(dir);
        written = ReportWriter.forExperiments(dir);
        html = Files.readString(written.html());
        md = Files.readString(written.markdown());
    }

    /** A section of report.md, from its heading to the next. */
    private String section(String heading) {
        int start = md.indexOf("\n## " + heading + "\n");
        assertTrue(start >= 0, "no section " + heading + " in\n" + md);
        int end = md.indexOf("\n## ", start + 1);
        return md.substring(start, end < 0 ? md.length() : end);
    }

    private ExperimentResult result(String name) {
        return fixture.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void titleAndSubtitleNameTheRunTheKernelAndHowManyExperiments() {
        assertTrue(md.startsWith("# twbench experiments: 20261122-090000-experiments\n\n"
                + "Linux 6.8.0-45-generic · started 2026-11-22 09:00:00 UTC · 5 experiments · quick"), md);
        assertTrue(html.contains("<title>twbench experiments: 20261122-090000-experiments</title>"));
    }

    @Test
    void sectionsExplainThenSumUpThenGoThroughEachExperimentThenLinkTheData() {
        List<String> headings = md.lines().filter(l -> l.startsWith("## ")).map(l -> l.substring(3)).toList();

        assertEquals(List.of("What this is", "Verdicts", "Server restart &amp; bind()", "How long TIME_WAIT lasts",
                "tcp_fin_timeout and TIME_WAIT", "tcp_tw_reuse for outgoing connections", "A RST in TIME_WAIT",
                "Raw data"), headings);
    }

    @Test
    void whatThisIsExplainsTimeWaitAndEveryVerdict() {
        String intro = section("What this is");

        for (String words : List.of("TIME_WAIT", "60 seconds", "fresh network namespaces", "this machine's kernel")) {
            assertTrue(intro.contains(words), words + " in\n" + intro);
        }
        for (Verdict v : Verdict.values()) {
            assertTrue(intro.contains("\n- " + v.text() + ": "), v + " explained in\n" + intro);
        }
    }

    @Test
    void everyExperimentGetsASectionWithClaimSourceAndVerdict() {
        for (ExperimentResult r : fixture.results()) {
            String text = section(r.title().replace("&", "&amp;"));
            for (String line : List.of("Claim: ", "Source: " + r.source().title(), "What we did: ", "What we saw: ",
                    "Verdict: " + r.verdict().text())) {
                assertTrue(text.contains("\n" + line) || text.contains("**Warning:** " + line),
                        r.name() + ": " + line + " in\n" + text);
            }
        }
    }

    @Test
    void verdictTableGivesEachExperimentsVerdictFirstTwoFiguresAndTimeTaken() {
        String table = section("Verdicts");

        assertTrue(table.contains("| experiment | verdict | key figures | time taken |"), table);
        assertTrue(table.contains("| Server restart &amp; bind() | holds"
                + " | TIME_WAIT sockets at restart = 20; EADDRINUSE (s) = 60.4 | 63.1 s |"), table);
        assertTrue(table.contains("| How long TIME_WAIT lasts | holds, with a Linux difference"
                + " | TIME_WAIT (s) = 60.3; active closer TIME_WAIT sockets = 1 | 61.5 s |"), table);
        // Not run: no figures, and no time that would read as measured.
        assertTrue(table.contains("| A RST in TIME_WAIT | not run |   |   |"), table);
    }

    @Test
    void failedExperimentIsFlaggedInTheVerdictTable() {
        assertTrue(html.contains("<tr class=\"flag\"><td>tcp_tw_reuse for outgoing connections</td><td>failed</td>"),
                html);
        assertEquals(1, html.split("<tr class=\"flag\">", -1).length - 1, "only the failed experiment is flagged");
        // No figures: an empty cell, not "** **".
        assertTrue(section("Verdicts").contains(
                "| **tcp_tw_reuse for outgoing connections** | **failed** |   | **0.9 s** |"), md);
        // An experiment that could not say anything must not be skimmed over either.
        assertTrue(html.contains("<p class=\"warn\">Verdict: failed</p>"), html);
    }

    @Test
    void aClaimThatDoesNotHoldIsAWarningALinuxDifferenceIsNot() {
        assertTrue(html.contains("<p class=\"warn\">Verdict: does not hold — tcp_fin_timeout bounds FIN_WAIT_2"),
                html);
        assertTrue(html.contains("<p>Verdict: holds, with a Linux difference — Linux does not derive"), html);
        assertTrue(html.contains("<p>Verdict: holds</p>"), html);
        assertTrue(section("tcp_fin_timeout and TIME_WAIT").contains("> **Warning:** Verdict: does not hold — "));
    }

    @Test
    void figuresAreAllTabledWholeNumbersWithoutDecimals() {
        String restart = section("Server restart &amp; bind()");

        assertTrue(restart.contains("| figure | value |"), restart);
        // Named in words, from experiments.json's keys (timeWaitSocketsAtRestart, eaddrinuseSeconds, ...).
        for (String row : List.of("| TIME_WAIT sockets at restart | 20 |", "| EADDRINUSE (s) | 60.4 |",
                "| bind attempts without reuse address | 61 |", "| bind failures with reuse address | 0 |")) {
            assertTrue(restart.contains(row), row + " in\n" + restart);
        }
    }

    @Test
    void anExperimentNotRunHasNoFigureTableAndNoChart() {
        String notRun = section("A RST in TIME_WAIT");

        assertTrue(notRun.contains("What we saw: Not run: this 60 s experiment is skipped under --quick."), notRun);
        assertFalse(notRun.contains("|"), notRun);
        assertFalse(notRun.contains("!["), notRun);
    }

    @Test
    void chartIsWrittenOnlyForExperimentsWithACurve() throws Exception {
        assertEquals(List.of("experiment-fin-timeout-myth"), written.charts().stream().map(ChartFile::name).toList());
        try (Stream<Path> files = Files.list(dir.resolve(ReportWriter.CHARTS))) {
            assertEquals(List.of("experiment-fin-timeout-myth.png", "experiment-fin-timeout-myth.svg"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        ChartFile chart = written.charts().get(0);
        byte[] png = Files.readAllBytes(chart.png());
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));
        assertTrue(png.length > 1000, png.length + " bytes");
        assertTrue(Files.readString(chart.svg()).contains("<svg"), "an SVG");

        assertEquals(1, html.split("<figure>", -1).length - 1, "one chart inlined");
        assertTrue(section("tcp_fin_timeout and TIME_WAIT").contains("](charts/experiment-fin-timeout-myth.png)"), md);
        assertFalse(section("Server restart &amp; bind()").contains("!["), md);
    }

    @Test
    void aCurveWithoutPointsIsASentenceWhereItsChartWouldBe() throws Exception {
        ExperimentResult drain = result("fin-timeout-myth");
        ExperimentResult empty = new ExperimentResult(drain.name(), drain.title(), drain.claim(), drain.source(),
                drain.method(), drain.observed(), drain.verdict(), drain.linuxDifference(), drain.figures(),
                new ExperimentChart(drain.chart().title(), drain.chart().xTitle(), drain.chart().yTitle(), List.of()),
                drain.durationMs());
        ExperimentsFile run = new ExperimentsFile(fixture.id(), fixture.startedAt(), fixture.kernel(), fixture.quick(),
                List.of(empty));

        Report report = ExperimentsReport.of(run, ExperimentCharts.draw(run.results(), dir.resolve("empty-charts")));

        String said = "The experiment recorded no point of its curve.";
        String mdSaid = MarkdownRenderer.render(report, dir);
        assertTrue(mdSaid.contains(":** " + said), mdSaid);
        assertFalse(mdSaid.contains("!["), "no picture: " + mdSaid);
        assertTrue(HtmlRenderer.render(report).contains("<p class=\"nochart\"><strong>"), "the HTML says it too");
    }

    @Test
    void markdownEscapesClaimText() {
        String restart = section("Server restart &amp; bind()");

        // Markdown viewers pass inline HTML through: the claim's "<" must not open a tag.
        assertTrue(restart.contains("Claim: A server restarted while its old connections are still in TIME_WAIT"
                + " (&lt; 2MSL after it closed them) gets \"Address already in use\" from bind()"), restart);
        assertFalse(md.contains("(< 2MSL"), md);
        assertTrue(html.contains("(&lt; 2MSL after it closed them) gets &quot;Address already in use&quot;"), html);
        assertTrue(section("Verdicts").contains("| Server restart &amp; bind() |"));
    }

    @Test
    void rawDataLinksExperimentsJson() {
        assertTrue(section("Raw data").contains("- [`experiments.json`](experiments.json): "), md);
        assertTrue(html.contains("<a href=\"experiments.json\">"), html);
    }

    @Test
    void anExperimentWithoutAVerdictIsRefusedNamingTheFile(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve(ExperimentsFile.NAME), """
                {"id": "x", "startedAt": "2026-11-22T09:00:00Z", "kernel": "6.8", "quick": false,
                 "results": [{"name": "a", "title": "A", "claim": "c", "figures": {}, "durationMs": 1}]}
                """);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportWriter.forExperiments(other));
        assertTrue(e.getMessage().contains("experiments.json"), e.getMessage());
        assertFalse(Files.exists(other.resolve(ReportWriter.HTML)), "nothing written");
    }
}
