package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.report.ReportWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports a person opens, as a browser lays them out: a run's, a sweep's (18 columns side by
 * side) and a soak's, re-rendered by the current code from copies of the committed reference
 * results (copied, so that re-rendering leaves the repository as it is), each screenshotted into its folder (report-screenshot.png). No table may reach past
 * the page's column (a wide one scrolls inside its own box), the page itself must not scroll
 * sideways, and a run's report and a soak's carry the latency table.
 */
class ReportLayoutTest {
    private static final Path REFERENCE = Path.of("..", "results", "reference");

    /** For each table: the box it sits in, and whether it fits the page's column or scrolls inside its box. */
    private static final String TABLES = """
            Array.from(document.querySelectorAll('table')).map(t => {
              const box = t.parentElement, column = document.body.getBoundingClientRect();
              return {boxRight: box.getBoundingClientRect().right, columnRight: column.right,
                      fits: t.getBoundingClientRect().width <= box.clientWidth + 0.5,
                      scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX),
                      header: Array.from(t.rows[0].cells).map(c => c.innerText).join('|')};
            })""";

    @Test
    void noTableOfARunASweepOrASoakReportOverflowsAndRunsShowTheirLatency(@TempDir Path work) throws Exception {
        assumeTrue(HeadlessChromium.installed(), "skipped: Debian's chromium is not installed (.ci/run installs it)");
        Path run = Folders.copy(REFERENCE.resolve("20261121-191900-client-first-5000-ports"), work.resolve("run"));
        Path sweep = Folders.copy(REFERENCE.resolve("20261121-192011-tw-reuse-vs-close"), work.resolve("sweep"));
        Path soak = Folders.copy(REFERENCE.resolve("20261121-222313-soak"), work.resolve("soak"));
        ReportWriter.forRun(run);
        ReportWriter.forSweep(sweep);
        ReportWriter.forRun(soak);
        try (HeadlessChromium chromium = HeadlessChromium.start(work.resolve("chromium-profile"))) {
            assertLaidOut(chromium, run, true);
            assertLaidOut(chromium, sweep, false);
            assertLaidOut(chromium, soak, true);
            assertTrue(chromium.evaluate("document.body.innerText").asText().contains("Soak verdict"),
                    "the soak's report is a soak's");
        }
    }

    private static void assertLaidOut(HeadlessChromium chromium, Path dir, boolean latencyTable) throws Exception {
        chromium.open(dir.resolve(ReportWriter.HTML));
        String name = dir.getFileName().toString();
        JsonNode tables = chromium.evaluate(TABLES);
        assertTrue(tables.size() > 0, name + ": tables");
        boolean latency = false;
        for (JsonNode t : tables) {
            assertTrue(t.path("boxRight").asDouble() <= t.path("columnRight").asDouble() + 0.5,
                    name + ": a table's box reaches past the page's column: " + t);
            assertTrue(t.path("fits").asBoolean() || t.path("scrolls").asBoolean(),
                    name + ": a table wider than its box, which does not scroll: " + t);
            latency |= t.path("header").asText().startsWith("latency (µs)|count|mean|p50|p90|p99|p99.9|max");
        }
        assertEquals(latencyTable, latency, name + ": the latency table");
        assertTrue(chromium.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean(),
                name + ": the page scrolls sideways");
        chromium.screenshot(dir.resolve("report-screenshot.png"));
    }
}
