package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.chart.ChartOutcome;
import dev.twbench.analysis.chart.FleetCharts;
import dev.twbench.analysis.results.FleetFixture;
import dev.twbench.analysis.results.FleetResults;
import dev.twbench.loadgen.record.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a run across hosts, written from the reference run's files (FleetFixture). The
 * figures it must show are read here from summary.json and run.json as trees, apart from the
 * records the report is built from.
 */
class FleetReportTest {
    @TempDir
    Path dir;
    private JsonNode summary;
    private JsonNode manifest;

    @BeforeEach
    void copyTheReferenceRun() throws Exception {
        FleetFixture.copyTo(dir);
        summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        manifest = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
    }

    private Report report() throws Exception {
        FleetResults fleet = FleetResults.load(dir);
        return FleetReport.of(fleet, FleetCharts.draw(fleet, dir.resolve(ReportWriter.CHARTS)));
    }

    @Test
    void forRunTellsAFleetFolderAndWritesItsReportWithOneTimeWaitSmallMultiplePerHost() throws Exception {
        ReportWriter.Written written = ReportWriter.forRun(dir);

        String md = Files.readString(written.markdown());
        assertTrue(md.startsWith("# twbench fleet run: client-first, 450/s for 9 s, 3 client hosts\n"), md);
        List<String> hosts = List.of("server", "client-1", "client-2", "client-3");
        String charts = md.substring(md.indexOf("\n## Charts\n"), md.indexOf("\n## Alignment\n"));
        // One paragraph of four pictures: Markdown viewers put them in a row.
        // The server held no TIME_WAIT (client-first): its place says so, the clients' are pictures.
        String multiples = "**TIME_WAIT on server:** server held no TIME_WAIT in this run: client-first leaves it on"
                + " the client.\n" + String.join("\n", hosts.subList(1, hosts.size()).stream()
                .map(h -> "![TIME_WAIT on " + h + "](charts/timewait-" + h + ".png)").toList());
        assertTrue(charts.contains("\n\n" + multiples + "\n\n"), charts);
        String html = Files.readString(written.html());
        String grid = html.substring(html.indexOf("<div class=\"multiples\">"), html.indexOf("</div>",
                html.indexOf("<div class=\"multiples\">")));
        assertEquals(hosts.size() - 1, grid.split("<figure>", -1).length - 1, "three figures in the grid");
        assertTrue(grid.contains("<p class=\"nochart\"><strong>TIME_WAIT on server:</strong>"), grid);
        for (String h : hosts.subList(1, hosts.size())) {
            assertTrue(Files.exists(dir.resolve("charts/timewait-" + h + ".svg")), h);
        }
        assertEquals(7, written.charts().size(), "three client hosts, the fleet, failures, connect and cycle latency");
    }

    @Test
    void theReportSaysFirstTheOutcomeTheTotalsAndWhenEachClientRanOutWithItsRateShare() throws Exception {
        String md = MarkdownRenderer.render(report(), dir);

        String happened = md.substring(md.indexOf("## What happened"), md.indexOf("## Hosts"));
        assertTrue(md.indexOf("## What happened") < md.indexOf("## Hosts"), "what happened comes first");
        assertTrue(happened.contains("- The run completed: it was sampled to its planned end.\n"), happened);
        assertTrue(happened.contains("- 3 client hosts were due 4,050 attempts in 9.045 s: 3,000 completed, 1,050"
                + " failed (all EADDRNOTAVAIL); 331.7/s achieved (completed / the longest client's load), against"
                + " 450/s targeted.\n"), happened);
        for (int n = 1; n <= 3; n++) {
            JsonNode host = summary.path("hosts").path("client-" + n);
            String said = String.format(Locale.ROOT, "- client-%d (%s at %s), 150/s of the 450/s (33.3 %%): 1,000"
                    + " completed, 350 failed; first failure at %s s (all EADDRNOTAVAIL).\n", n,
                    host.path("name").asText(), host.path("agent").asText(), host.path("firstFailureSecond").asText());
            assertTrue(happened.contains(said), said + " in\n" + happened);
        }
        assertTrue(happened.contains("TIME_WAIT, added at each tick, peaked at 3,003"), happened);
        assertTrue(happened.contains("- The 3 failing client hosts had their first failures between 6.668 s and 6.669 s,"
                + " 1 ms apart; their schedules started at most 488 µs apart (the alignment bound).\n"), happened);
        String alignment = md.substring(md.indexOf("## Alignment"), md.indexOf("## Agent exits"));
        assertTrue(alignment.contains("within 276 µs of that instant") && alignment.contains("within 488 µs of each"
                + " other"), alignment);
        assertTrue(md.contains("## Agent exits\n\nNone: every agent stayed up until the run ended it."), md);
    }

    @Test
    void thePerHostTablesFiguresAreSummaryJsonsAndTheClockRunJsons() throws Exception {
        Report.Table table = tableAfter(report(), "Hosts", FleetHostTable.HEADERS);
        List<String> headers = table.headers();

        List<String> hosts = List.of("server", "client-1", "client-2", "client-3");
        assertEquals(hosts.size() + 1, table.rows().size(), "a row per host, then the fleet's");
        for (int i = 0; i < hosts.size(); i++) {
            List<String> row = table.rows().get(i);
            JsonNode h = summary.path("hosts").path(hosts.get(i));
            JsonNode clock = manifest.path("lab").path(hosts.get(i)).path("clock");
            assertEquals(hosts.get(i), row.get(0));
            assertEquals(h.path("role").asText(), cell(row, headers, "role"));
            assertEquals(h.path("agent").asText(), cell(row, headers, "agent"));
            assertEquals(h.path("name").asText(), cell(row, headers, "name"));
            assertEquals(h.path("targetRateCps").isNull() ? "" : count(h.path("targetRateCps")),
                    cell(row, headers, "rate (/s)"));
            assertEquals(count(h.path("completed")), cell(row, headers, "completed"));
            assertEquals(count(h.path("failed")), cell(row, headers, "failed"));
            assertEquals(h.path("failed").asLong() == 0 ? "none"
                    : count(h.path("failures").path("EADDRNOTAVAIL")) + " EADDRNOTAVAIL",
                    cell(row, headers, "failures by reason"));
            assertEquals(h.path("firstFailureSecond").isNull() ? "" : h.path("firstFailureSecond").asText(),
                    cell(row, headers, "first failure (s)"));
            assertEquals(count(h.path("timeWait").path("peak")), cell(row, headers, "TIME_WAIT peak"));
            JsonNode p99 = h.path("latencyUs").path("cycle").path("p99Us");
            assertEquals(p99.isMissingNode() ? "" : count(p99), cell(row, headers, "cycle p99 (µs)"));
            assertEquals(count(clock.path("offsetUs")) + " ± " + count(clock.path("offsetBoundUs")),
                    cell(row, headers, "clock offset ± bound (µs)"));
        }
        List<String> fleet = table.rows().get(hosts.size());
        assertEquals(FleetHostTable.FLEET_ROW, fleet.get(0));
        assertEquals(count(summary.path("fleet").path("completed")), cell(fleet, headers, "completed"));
        assertEquals(count(summary.path("fleet").path("timeWaitPeak")), cell(fleet, headers, "TIME_WAIT peak"));
    }

    @Test
    void theMergedCycleP99ShownIsSummaryJsonsAndThatOfTheLogsMergedIntervalsAddedUp() throws Exception {
        Report report = report();
        long p99Us = summary.path("fleet").path("latencyUs").path("cycle").path("p99Us").asLong();

        Report.Table latency = tableAfter(report, "Latency", FleetLatencyTable.HEADERS);
        List<String> fleetCycle = latency.rows().stream()
                .filter(r -> r.get(0).equals(FleetLatencyTable.FLEET) && r.get(1).equals("cycle")).findFirst()
                .orElseThrow();
        assertEquals(String.format(Locale.ROOT, "%,d", p99Us), cell(fleetCycle, latency.headers(), "p99"));
        List<String> fleetRow = tableAfter(report, "Hosts", FleetHostTable.HEADERS).rows().get(4);
        assertEquals(String.format(Locale.ROOT, "%,d", p99Us), cell(fleetRow, FleetHostTable.HEADERS, "cycle p99 (µs)"));
        // The log's untagged-host intervals ("cycle", not "client-N.cycle") are the fleet's: added up, the same p99.
        assertEquals(p99Us, LatencyTable.totals(dir.resolve("latency.hlog")).get(1).getValueAtPercentile(99));
    }

    @Test
    void theMergedLatencyIsDrawnFromTheLogsConnectAndCycleIntervals() throws Exception {
        Report report = report();
        List<String> figures = report.sections().stream().filter(s -> s.heading().equals("Charts"))
                .flatMap(s -> s.blocks().stream()).filter(Report.Figure.class::isInstance)
                .map(b -> ((Report.Figure) b).chart()).map(ChartOutcome::name).toList();

        assertEquals(List.of(FleetCharts.FLEET_TIME_WAIT, FleetCharts.FAILURES_BY_HOST, FleetCharts.LATENCY_CONNECT,
                FleetCharts.LATENCY_CYCLE), figures);
        for (String name : List.of(FleetCharts.LATENCY_CONNECT, FleetCharts.LATENCY_CYCLE)) {
            String svg = Files.readString(dir.resolve("charts").resolve(name + ".svg"));
            assertTrue(svg.contains("Series: max; p99.9; p99; p50."), name + " is drawn, each percentile a curve");
        }
    }

    @Test
    void aFleetFolderWithoutSummaryJsonStillGetsItsChartsAndSaysWhyTheFiguresAreMissing() throws Exception {
        Files.delete(dir.resolve("summary.json"));

        ReportWriter.Written written = ReportWriter.forRun(dir);

        String md = Files.readString(written.markdown());
        assertTrue(md.contains("## What happened\n\n> **Warning:** summary.json is missing"), md);
        assertTrue(md.contains("](charts/timewait-client-3.png)") && md.contains("](charts/timewait-fleet.png)"), md);
    }

    private static Report.Table tableAfter(Report report, String heading, List<String> headers) {
        return report.sections().stream().filter(s -> s.heading().equals(heading)).flatMap(s -> s.blocks().stream())
                .filter(Report.Table.class::isInstance).map(Report.Table.class::cast)
                .filter(t -> t.headers().equals(headers)).findFirst().orElseThrow();
    }

    private static String cell(List<String> row, List<String> headers, String header) {
        return row.get(headers.indexOf(header));
    }

    private static String count(JsonNode n) {
        return String.format(Locale.ROOT, "%,d", n.asLong());
    }
}
