package dev.twbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.chart.ChartOutcome;
import dev.twbench.analysis.chart.FleetCharts;
import dev.twbench.analysis.results.FleetResults;
import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.FleetSummary;
import dev.twbench.loadgen.record.RunOutcome;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The report of a run across hosts: what happened first (the outcome, the fleet's totals, when
 * each client host ran out and its share of the rate), then a row per host, the charts, how closely
 * the hosts' schedules were aligned, the agents that exited, and what was run. Every number is a
 * figure of run.json, summary.json, timeseries.csv or latency.hlog, or arithmetic on them that the
 * sentence names (a rate share, the spread of first failures).
 *
 * <pre>{@code
 * FleetResults fleet = FleetResults.load(dir);
 * Report report = FleetReport.of(fleet, FleetCharts.draw(fleet, dir.resolve("charts")));
 * }</pre>
 */
public final class FleetReport {
    /** The run folder's files, in the order a reader wants them. */
    private static final List<RunReport.RawFile> RAW_FILES = List.of(
            new RunReport.RawFile("run.json", "the scenario, the orchestrator's machine, each host's agent, sysctls"
                    + " and clock offset"),
            new RunReport.RawFile("summary.json", "the outcome in numbers: the fleet's totals, each host's, the"
                    + " alignment and the agents that exited"),
            new RunReport.RawFile("timeseries.csv", "one row per host per sample interval (side: server, client-1 ...)"),
            new RunReport.RawFile("latency.hlog", "HdrHistogram interval log (microseconds): the fleet's merged"
                    + " connect and cycle, then each client host's own (client-N.connect, client-N.cycle)"),
            new RunReport.RawFile("latency-connect.hlog", "the fleet's merged connect latency alone, in nanoseconds,"
                    + " as HistogramLogProcessor -i reads it (printing milliseconds)"),
            new RunReport.RawFile("latency-cycle.hlog", "the fleet's merged cycle latency alone, likewise"));
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private FleetReport() {
    }

    public static Report of(FleetResults fleet, FleetCharts.Drawn charts) {
        FleetSummary s = fleet.summary();
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("What happened", whatHappened(fleet)));
        sections.add(new Report.Section("Hosts", s == null ? List.of(noSummary()) : hosts(fleet)));
        sections.add(new Report.Section("Latency", s == null ? List.of(noSummary()) : latency(s)));
        sections.add(new Report.Section("Charts", charts(charts)));
        sections.add(new Report.Section("Alignment", alignment(fleet)));
        sections.add(new Report.Section("Agent exits", agentExits(s)));
        sections.add(new Report.Section("What was run", whatWasRun(fleet)));
        sections.add(new Report.Section("Raw data", List.of(RunReport.rawFiles(fleet.folder().dir(), RAW_FILES))));
        return new Report(title(fleet), subtitle(fleet), sections);
    }

    private static List<Report.Block> hosts(FleetResults fleet) {
        return List.of(FleetHostTable.of(fleet), Report.Paragraph.of("The fleet row adds the client hosts up: its"
                + " rate is the run's target, its first failure the earliest, its TIME_WAIT peak the highest sum of"
                + " the client hosts' at one tick, and its cycle p99 that of every client's histograms added (not a"
                + " mean of the hosts' p99s). A first failure is timed by the host's own agent, from the start of its"
                + " schedule; the charts' time is the rows', sampled on the orchestrator's clock. A clock offset is"
                + " the host's clock minus the orchestrator's, known within the bound (half the measurement's round"
                + " trip)."));
    }

    private static List<Report.Block> latency(FleetSummary s) {
        return List.of(FleetLatencyTable.of(s), Report.Paragraph.of("Microseconds from each attempt's scheduled"
                + " start, over the whole load. The fleet's rows are every client's interval histograms added"
                + " (latency.hlog's connect and cycle tags); each host's are its agent's own."));
    }

    /** "twbench fleet run: client-first, 450/s for 9 s, 3 client hosts". */
    static String title(FleetResults fleet) {
        int clients = fleet.clients().size();
        return "twbench fleet run: " + RunReport.scenarioLine(fleet.manifest(), fleet.runId()) + ", " + clients
                + " client host" + (clients == 1 ? "" : "s");
    }

    private static String subtitle(FleetResults fleet) {
        JsonNode m = fleet.manifest();
        String started = m == null || !m.has("startedAt") ? ""
                : " · started " + Format.timestamp(m.path("startedAt").asText());
        JsonNode env = m == null ? null : m.path("environment");
        return fleet.runId() + started + (env == null ? "" : String.format(Locale.ROOT,
                " · orchestrator: Linux %s · %s cores · %s", env.path("kernelRelease").asText("?"),
                env.path("cores").asText("?"), env.path("jdkVersion").asText("?")));
    }

    private static Report.Paragraph noSummary() {
        return new Report.Paragraph("summary.json is missing: the run ended before it could be summarised; the"
                + " charts show what was recorded.", true);
    }

    private static List<Report.Block> whatHappened(FleetResults fleet) {
        FleetSummary s = fleet.summary();
        if (s == null) {
            return List.of(noSummary());
        }
        FleetSummary.Totals t = s.fleet();
        List<String> items = new ArrayList<>();
        items.add(s.outcome().kind() == RunOutcome.Kind.COMPLETED ? "The run completed: it was sampled to its planned"
                + " end." : "The run ended early: " + s.endReason() + ".");
        items.add(String.format(Locale.ROOT, "%s client host%s %s due %s attempts in %s s: %s completed, %s failed%s;"
                        + " %s/s achieved (completed / the longest client's load), against %s.",
                Format.count(t.clients()), t.clients() == 1 ? "" : "s", t.clients() == 1 ? "was" : "were",
                Format.count(t.attemptsDue()), Format.recorded(s.loadSeconds()), Format.count(t.completed()),
                Format.count(t.failed()), t.failed() == 0 ? ""
                        : " (" + RunReport.failuresInWords(t.failures(), t.failed()) + ")",
                Format.recorded(t.achievedRateCps()),
                s.targetRateCps() == null ? "no target (closed loop)" : Format.count(s.targetRateCps()) + "/s targeted"));
        items.add(timeWait(s));
        s.hosts().forEach((name, host) -> {
            if (FleetResults.CLIENT.equals(host.role())) {
                items.add(client(name, host, s.targetRateCps()));
            }
        });
        String spread = firstFailureSpread(s);
        if (spread != null) {
            items.add(spread);
        }
        items.add(s.agentExits().isEmpty() ? "No agent exited: every one stayed up until the run ended it."
                : s.agentExits().size() + " agent" + (s.agentExits().size() == 1 ? "" : "s")
                        + " exited during the run (Agent exits, below).");
        return List.of(new Report.Bullets(items));
    }

    private static String timeWait(FleetSummary s) {
        List<String> each = new ArrayList<>();
        String server = null;
        for (Map.Entry<String, FleetSummary.Host> e : s.hosts().entrySet()) {
            String peak = Format.count(e.getValue().timeWait().peak());
            if (FleetResults.CLIENT.equals(e.getValue().role())) {
                each.add(e.getKey() + " " + peak);
            } else {
                server = peak;
            }
        }
        return String.format(Locale.ROOT, "The client hosts' TIME_WAIT, added at each tick, peaked at %s (each"
                + " host's own peak: %s)%s.", Format.count(s.fleet().timeWaitPeak()), String.join(", ", each),
                server == null ? "" : "; the server's peaked at " + server);
    }

    /** "client-1 (c1 at 198.18.50.2:7070), 150/s of the 450/s (33.3 %): 1,000 completed; first failure at 6.668 s." */
    private static String client(String name, FleetSummary.Host h, Long fleetRateCps) {
        StringBuilder line = new StringBuilder(name).append(" (").append(h.name()).append(" at ").append(h.agent())
                .append(")");
        if (h.targetRateCps() != null) {
            line.append(", ").append(Format.count(h.targetRateCps())).append("/s");
            if (fleetRateCps != null && fleetRateCps > 0) {
                line.append(String.format(Locale.ROOT, " of the %s/s (%.1f %%)", Format.count(fleetRateCps),
                        100.0 * h.targetRateCps() / fleetRateCps));
            }
        }
        line.append(": ").append(Format.count(h.completed())).append(" completed");
        if (h.firstFailureSecond() == null) {
            return line.append("; it never failed.").toString();
        }
        return line.append(String.format(Locale.ROOT, ", %s failed; first failure at %s s (%s).",
                Format.count(h.failed()), Format.recorded(h.firstFailureSecond()),
                RunReport.failuresInWords(h.failures(), h.failed()))).toString();
    }

    /**
     * How far apart the client hosts ran out, beside how far apart their schedules may have started:
     * a spread within the alignment bound is no evidence that one host ran out before another.
     */
    private static String firstFailureSpread(FleetSummary s) {
        List<Double> firsts = s.hosts().values().stream().filter(h -> FleetResults.CLIENT.equals(h.role()))
                .map(FleetSummary.Host::firstFailureSecond).filter(Objects::nonNull).toList();
        if (firsts.size() < 2) {
            return null;
        }
        double first = firsts.stream().min(Double::compare).orElseThrow();
        double last = firsts.stream().max(Double::compare).orElseThrow();
        String line = first == last
                ? String.format(Locale.ROOT, "All %d failing client hosts had their first failure at %s s", firsts.size(),
                        Format.recorded(first))
                : String.format(Locale.ROOT, "The %d failing client hosts had their first failures between %s s and"
                        + " %s s, %s ms apart", firsts.size(), Format.recorded(first), Format.recorded(last),
                        Format.recorded(Math.round((last - first) * 1e6) / 1e3));
        return s.alignment() == null ? line + "." : line + String.format(Locale.ROOT, "; their schedules started"
                + " at most %s µs apart (the alignment bound).", Format.count(s.alignment().boundUs()));
    }

    private static List<Report.Block> charts(FleetCharts.Drawn charts) {
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(Report.Paragraph.of("TIME_WAIT on each host, every chart on the same scale:"));
        blocks.add(new Report.SmallMultiples(charts.hostTimeWait()));
        for (ChartOutcome c : List.of(charts.fleetTimeWait(), charts.failures(), charts.connectLatency(),
                charts.cycleLatency())) {
            blocks.add(new Report.Figure(c));
        }
        return blocks;
    }

    private static List<Report.Block> alignment(FleetResults fleet) {
        FleetSummary.Alignment a = fleet.summary() == null ? null : fleet.summary().alignment();
        List<Report.Block> blocks = new ArrayList<>();
        if (a == null) {
            blocks.add(Report.Paragraph.of("summary.json has no alignment: the run ended before the hosts' start"
                    + " was agreed."));
        } else {
            Instant start = Instant.ofEpochSecond(Math.floorDiv(a.startEpochUs(), 1_000_000L),
                    Math.floorMod(a.startEpochUs(), 1_000_000L) * 1_000L);
            blocks.add(Report.Paragraph.of(String.format(Locale.ROOT, "Every client host started its schedule at"
                    + " %s UTC by the orchestrator's clock (startEpochUs %d), read on its own clock corrected by"
                    + " its measured offset. One host's start is within %s µs of that instant (clockBoundUs: the"
                    + " largest half round trip of the clients' clock measurements), and any two hosts' starts"
                    + " within %s µs of each other (boundUs).", MICROS.format(start), a.startEpochUs(),
                    Format.count(a.clockBoundUs()), Format.count(a.boundUs()))));
        }
        String note = fleet.manifest() == null ? "" : fleet.manifest().path("lab").path("clockNote").asText("");
        if (!note.isEmpty()) {
            blocks.add(Report.Paragraph.of("run.json's note on clocks: " + note));
        }
        return blocks;
    }

    private static List<Report.Block> agentExits(FleetSummary s) {
        if (s == null) {
            return List.of(noSummary());
        }
        if (s.agentExits().isEmpty()) {
            return List.of(Report.Paragraph.of("None: every agent stayed up until the run ended it."));
        }
        List<List<String>> rows = new ArrayList<>();
        for (AgentExit e : s.agentExits()) {
            rows.add(List.of(e.side(), Long.toString(e.pid()), Format.recorded(e.elapsedMs() / 1000.0), e.how()));
        }
        return List.of(new Report.Paragraph("Agents that exited before the run ended them, in the order noticed;"
                + " the run's end: " + s.endReason() + ".", true),
                Report.Table.of(List.of("host", "agent pid", "noticed at (s)", "how"), rows));
    }

    private static List<Report.Block> whatWasRun(FleetResults fleet) {
        JsonNode m = fleet.manifest();
        if (m == null) {
            return List.of(new Report.Paragraph("run.json is missing: the run did not get as far as reaching its"
                    + " agents.", true));
        }
        List<Report.Block> blocks = new ArrayList<>();
        String command = m.path("scenario").path("commandLine").asText("");
        if (!command.isEmpty()) {
            blocks.add(Report.Paragraph.of("Re-run it with: " + command));
        }
        blocks.add(RunReport.keyValues(m.path("scenario"), List.of("sysctlOverrides", "commandLine")));
        JsonNode target = m.path("lab").path("target");
        if (target.has("address")) {
            List<String> ports = new ArrayList<>();
            target.path("ports").forEach(p -> ports.add(p.asText()));
            blocks.add(Report.Paragraph.of("The clients connected to " + target.path("address").asText() + ", port"
                    + (ports.size() == 1 ? " " : "s ") + String.join(", ", ports) + "."));
        }
        blocks.add(Report.Paragraph.of("Each host, as run.json names it:"));
        blocks.add(labHosts(fleet));
        blocks.add(Report.Paragraph.of("Each host's sysctls, as its kernel reported them back (overrides marked *):"));
        JsonNode overrides = m.path("scenario").path("sysctlOverrides");
        blocks.add(SysctlTable.of(fleet.hosts().stream().map(h -> new SysctlTable.Column(h,
                fleet.labHost(h).path("sysctls"), overrides.path(fleet.role(h)))).toList()));
        blocks.add(Report.Paragraph.of("The orchestrator's machine:"));
        blocks.add(RunReport.keyValues(m.path("environment"), List.of()));
        return blocks;
    }

    private static Report.Table labHosts(FleetResults fleet) {
        List<List<String>> rows = new ArrayList<>();
        for (String host : fleet.hosts()) {
            JsonNode h = fleet.labHost(host);
            String clock = fleet.clock(host).map(c -> String.format(Locale.ROOT, "%s ± %s (round trip %s)",
                    Format.count(c.offsetUs()), Format.count(c.offsetBoundUs()), Format.count(c.roundTripUs())))
                    .orElse("");
            rows.add(List.of(host, h.path("role").asText(""), h.path("agent").asText(""), h.path("name").asText(""),
                    h.path("connectedAddress").asText(""), h.path("agentPid").asText(""),
                    h.path("rateCps").isNumber() ? Format.count(h.path("rateCps").asLong()) : "", clock));
        }
        return Report.Table.of(List.of("host", "role", "agent", "name", "connected address", "agent pid", "rate (/s)",
                "clock offset ± bound (µs)"), rows);
    }
}
