package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.report.ReportWriter;
import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.run.PortExhaustion;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Reports end to end: a real run ends with report.html, report.md and charts; {@code report}
 * regenerates them from the folder alone; Chromium shows every chart.
 */
@ResourceLock(LoadLock.CPU)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportTest {
    /** Base64 images differ between renderings (PNG encoders may), the rest of the page must not. */
    private static final Pattern INLINE_IMAGE = Pattern.compile("data:image/png;base64,[A-Za-z0-9+/=]+");

    @TempDir
    static Path out;
    private static Path runA;
    private static Path runB;

    @BeforeAll
    static void twoRealRuns() throws Exception {
        LabRequirements.assumeNamespaceLab();
        // 200 ports at 500 new connections per second: the ports run out after 200 connections,
        // 0.4 s if the client keeps up; the 4 s load uses them up even at 100 per second.
        runA = run("exhausts", "--client-sysctl", "net.ipv4.ip_local_port_range=40000 40199");
        runB = run("reuse", "--client-sysctl", "net.ipv4.ip_local_port_range=40000 40199", "--client-sysctl",
                "net.ipv4.tcp_tw_reuse=1");
    }

    private static Path run(String name, String... sysctls) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--rate", "500", "--duration", "4s", "--no-drain",
                "--warmup", "0s", "--name", name, "--out", out.toString()));
        args.addAll(List.of(sysctls));
        InProcessCli r = InProcessCli.execute(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("report: "), r.toString());
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-" + name)).findFirst().orElseThrow();
        }
    }

    @Test
    @Order(1)
    void aRunEndsWithReportHtmlMarkdownAndChartsInPngAndSvg() throws Exception {
        assertTrue(Files.size(runA.resolve("report.html")) > 10_000);
        String md = Files.readString(runA.resolve("report.md"));
        for (String section : List.of("## What was run", "## Findings", "## Latency", "## Predictions vs measurements",
                "## Charts", "## Raw data")) {
            assertTrue(md.contains(section), section + " in\n" + md);
        }
        List<Path> pngs = charts(runA, ".png");
        assertTrue(pngs.size() >= 5, "TIME_WAIT per side, rate, failures, latency: " + pngs);
        for (Path png : pngs) {
            assertTrue(Files.exists(Path.of(png.toString().replaceAll("\\.png$", ".svg"))), "SVG beside " + png);
            assertTrue(md.contains("](charts/" + png.getFileName() + ")"), "report.md shows " + png.getFileName());
        }
        assertTrue(md.contains("EADDRNOTAVAIL"), "the failures are named by errno");
        // In a sentence: "N attempts failed, the first after T s: all EADDRNOTAVAIL." (its 200 ports ran out)
        assertTrue(md.matches("(?s).*attempts failed, the first after [0-9.]+ s: all EADDRNOTAVAIL\\..*"), md);
        assertTrue(md.contains("| latency (µs) | count | mean | p50 | p90 | p99 | p99.9 | max |"), "the latency table:\n" + md);
        assertTrue(md.contains("Re-run it with: java -jar benchmarks.jar run "), "the command that re-runs it:\n" + md);
        assertTrue(md.contains("| client ports run out (first failure) | 0.4 s |"), "the model's 200 / 500 = 0.4 s:\n" + md);
        // The counts agree. When the ports ran out depends on whether the client kept up with 500
        // per second, so that row may disagree on a busy machine (the report then says why).
        assertTrue(md.contains("| client TIME_WAIT peak | 200 | 200 | "), "one TIME_WAIT per port:\n" + md);
        for (String side : List.of("client", "server")) {
            String row = md.lines().filter(l -> l.startsWith("| " + side + " TIME_WAIT peak |")).findFirst()
                    .orElseThrow();
            assertTrue(row.contains("| agrees |"), row);
        }
        PortExhaustion.assertRanOutAfter(200, "EADDRNOTAVAIL", RunResults.load(runA).summary());
    }

    @Test
    @Order(2)
    void reportRegeneratesTheSameReportFromTheFolderAlone() throws Exception {
        String md = Files.readString(runA.resolve("report.md"));
        String html = Files.readString(runA.resolve("report.html"));
        Files.delete(runA.resolve("report.md"));
        Files.delete(runA.resolve("report.html"));
        try (Stream<Path> charts = Files.list(runA.resolve("charts"))) {
            for (Path c : charts.toList()) {
                Files.delete(c);
            }
        }
        InProcessCli r = InProcessCli.execute("report", runA.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(md, Files.readString(runA.resolve("report.md")));
        assertEquals(INLINE_IMAGE.matcher(html).replaceAll(""),
                INLINE_IMAGE.matcher(Files.readString(runA.resolve("report.html"))).replaceAll(""));
        assertEquals(charts(runA, ".png").size(), INLINE_IMAGE.matcher(html).results().count(), "every chart inline");
    }

    @Test
    @Order(3)
    void chromiumShowsEveryChartOfTheReport() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "skipped: Debian's chromium is not installed (.ci/run installs it)");
        Path html = runA.resolve("report.html");
        Path shot = out.resolve("report-screenshot.png");
        try (HeadlessChromium chromium = HeadlessChromium.start(out.resolve("chromium-profile"))) {
            chromium.open(html);
            JsonNode images = chromium.evaluate(
                    "Array.from(document.images).map(i => ({w: i.naturalWidth, h: i.naturalHeight, ok: i.complete,"
                            + " shownW: i.getBoundingClientRect().width, alt: i.alt}))");
            assertEquals(charts(runA, ".png").size(), images.size(), images.toString());
            for (JsonNode img : images) {
                assertTrue(img.path("ok").asBoolean() && img.path("w").asInt() > 0 && img.path("h").asInt() > 0
                        && img.path("shownW").asDouble() > 0, "chart loaded and shown: " + img);
            }
            assertTrue(chromium.evaluate("document.body.innerText").asText().contains("Predictions vs measurements"));
            chromium.screenshot(shot);
        }
        BufferedImage picture = ImageIO.read(shot.toFile());
        assertTrue(picture.getWidth() >= 1000 && picture.getHeight() > 2000,
                "the whole page, charts included: " + picture.getWidth() + "x" + picture.getHeight());
    }

    @Test
    @Order(4)
    void severalRunsSideBySideGetOneReportWithOverlaidCurves() throws Exception {
        InProcessCli r = InProcessCli.execute("report", runA.toString(), runB.toString(), "--out",
                out.resolve("compare").toString());
        assertEquals(0, r.exitCode(), r.toString());
        Path dir;
        try (Stream<Path> dirs = Files.list(out.resolve("compare"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains(runA.getFileName().toString()) && md.contains(runB.getFileName().toString()), md);
        assertTrue(Files.exists(dir.resolve("charts/compare-achieved-rate.png")));
        assertTrue(Files.readString(dir.resolve("charts/compare-timewait-client.svg"))
                .contains(runB.getFileName().toString()), "one curve per run, named");
    }

    @Test
    @Order(5)
    void aJmhResultFileGetsAReport() throws Exception {
        Path json = out.resolve("jmh-result.json");
        new Runner(new OptionsBuilder().include("ProbeReadBenchmark").forks(0).warmupIterations(0)
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
                .result(json.toString()).resultFormat(ResultFormatType.JSON).build()).run();
        InProcessCli r = InProcessCli.execute("report", json.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Path dir = out.resolve("jmh-result-report");
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("ProbeReadBenchmark"), md);
        assertFalse(charts(dir, ".png").isEmpty());
    }

    private static List<Path> charts(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("charts"))) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
