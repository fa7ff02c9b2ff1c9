package dev.twbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityModel;
import dev.twbench.analysis.capacity.CapacityPrediction;
import dev.twbench.analysis.capacity.ModelCheck;
import dev.twbench.analysis.capacity.NatCheck;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.analysis.capacity.NatPool;
import dev.twbench.analysis.capacity.PredictionCheck;
import dev.twbench.analysis.chart.ChartOutcome;
import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run's report: what was run, what happened in plain sentences, the model beside the
 * measurements, the charts and the raw files. Every number comes from the run folder.
 */
public final class RunReport {
    /** A file of the run folder and what it holds. */
    record RawFile(String name, String holds) {
    }

    /** The run folder's files, in the order a reader wants them. */
    private static final List<RawFile> RAW_FILES = List.of(
            new RawFile("run.json", "the scenario, the machine, both sides' sysctls as the kernel reported them"),
            new RawFile("summary.json", "the outcome in numbers"),
            new RawFile("timeseries.csv", "one row per side per sample interval"),
            new RawFile("latency.hlog", "HdrHistogram interval log of connect and cycle latency (microseconds)"),
            new RawFile("latency-connect.hlog", "connect latency alone, in nanoseconds, as HistogramLogProcessor -i"
                    + " reads it (printing milliseconds)"),
            new RawFile("latency-cycle.hlog", "whole-cycle latency alone, likewise"),
            new RawFile("agent-client.log", "the client agent's log"),
            new RawFile("agent-server.log", "the server agent's log"));

    private RunReport() {
    }

    /** The model's view of a run, or null when run.json lacks what the model needs. */
    public static CapacityInputs inputs(RunResults run) {
        try {
            return run.manifest() == null ? null : CapacityInputs.fromRunJson(run.manifest());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static List<PredictionCheck> checks(RunResults run) {
        return checks(inputs(run), run);
    }

    private static List<PredictionCheck> checks(CapacityInputs in, RunResults run) {
        if (in == null || run.summary() == null) {
            return List.of();
        }
        List<PredictionCheck> checks = new ArrayList<>(ModelCheck.compare(in, run.summary()));
        // A NAT lab's router: its pool and drops beside the NAT model's predictions.
        NatPool.fromRunJson(run.manifest()).ifPresent(nat -> checks.addAll(NatCheck.compare(nat, in,
                NatCheck.openSeconds(run.manifest()), run.summary(), run.series())));
        return List.copyOf(checks);
    }

    /**
     * @param charts every chart of the run, as {@link dev.twbench.analysis.chart.RunCharts#draw}
     *               made them: a drawn one is shown, one with nothing to draw is its sentence
     */
    public static Report of(RunResults run, List<ChartOutcome> charts) {
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("What was run", whatWasRun(run)));
        // The model's view of run.json, once: findings and the predictions table both use it.
        CapacityInputs in = inputs(run);
        CapacityPrediction prediction = in == null ? null : CapacityModel.predict(in);
        List<PredictionCheck> checks = checks(in, run);
        sections.add(new Report.Section("Findings", findings(run, in, prediction, checks)));
        HttpStatusTable.of(run.manifest(), run.summary())
                .ifPresent(table -> sections.add(new Report.Section("HTTP responses", List.of(table))));
        sections.add(new Report.Section("Latency", List.of(latency(run))));
        sections.add(new Report.Section("Predictions vs measurements", predictions(run, prediction, checks)));
        sections.add(new Report.Section("Charts", charts.stream().<Report.Block>map(Report.Figure::new).toList()));
        sections.add(new Report.Section("Raw data", List.of(rawFiles(run.folder().dir(), RAW_FILES))));
        JsonNode env = run.manifest() == null ? null : run.manifest().path("environment");
        String started = run.manifest() == null || !run.manifest().has("startedAt") ? ""
                : " · started " + Format.timestamp(run.manifest().path("startedAt").asText());
        String subtitle = run.folder().runId() + started + (env == null ? "" : String.format(Locale.ROOT,
                " · Linux %s · %s cores · %s", env.path("kernelRelease").asText("?"), env.path("cores").asText("?"),
                env.path("jdkVersion").asText("?")));
        return new Report("twbench run: " + scenarioLine(run), subtitle, sections);
    }

    /** "client-first, 1000/s for 30 s", then what was spoken and who served when not the defaults. */
    static String scenarioLine(RunResults run) {
        return scenarioLine(run.manifest(), run.folder().runId());
    }

    /** The same from run.json; {@code runId} when there is none. */
    static String scenarioLine(JsonNode manifest, String runId) {
        if (manifest == null) {
            return runId;
        }
        JsonNode s = manifest.path("scenario");
        String rate = s.path("rateCps").isNumber() ? Format.count(s.path("rateCps").asLong()) + "/s" : "closed loop";
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s, %s for %s s",
                s.path("closeOrder").asText(), rate, Format.count(s.path("durationMs").asLong() / 1000)));
        String protocol = s.path("protocol").asText("raw");
        if (!protocol.equals("raw")) {
            line.append(", ").append(protocol);
            long perConnection = s.path("requestsPerConnection").asLong(1);
            if (perConnection > 1) {
                line.append(" (").append(Format.count(perConnection)).append(" requests per connection)");
            }
        }
        if (!s.path("serverCommand").isMissingNode() && !s.path("serverCommand").isNull()) {
            line.append(", server: --server-cmd");
        }
        return line.toString();
    }

    private static List<Report.Block> whatWasRun(RunResults run) {
        if (run.manifest() == null) {
            return List.of(new Report.Paragraph("run.json is missing: the run did not get as far as starting its lab.",
                    true));
        }
        List<Report.Block> blocks = new ArrayList<>();
        String command = run.manifest().path("scenario").path("commandLine").asText("");
        if (!command.isEmpty()) {
            blocks.add(Report.Paragraph.of("Re-run it with: " + command));
        }
        blocks.add(keyValues(run.manifest().path("scenario"), List.of("sysctlOverrides", "commandLine")));
        blocks.add(Report.Paragraph.of("Each side's net.ipv4 sysctls, as the kernel reported them back in its"
                + " namespace (overrides marked *):"));
        blocks.add(sysctls(run.manifest()));
        blocks.add(Report.Paragraph.of("The machine:"));
        blocks.add(keyValues(run.manifest().path("environment"), List.of()));
        return blocks;
    }

    /** "all EADDRNOTAVAIL", or "3,000 EADDRNOTAVAIL and 2,000 TIMEOUT", most first. */
    static String failuresInWords(Summary s) {
        return failuresInWords(s.failures(), s.failed());
    }

    /** The same of any failures by kind, e.g. a fleet's or one of its hosts'. */
    static String failuresInWords(Map<String, Long> failures, long failed) {
        List<Map.Entry<String, Long>> kinds = failures.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
        if (kinds.size() == 1 && kinds.get(0).getValue() == failed) {
            return "all " + kinds.get(0).getKey();
        }
        List<String> parts = kinds.stream().map(e -> Format.count(e.getValue()) + " " + e.getKey()).toList();
        return parts.isEmpty() ? "of no recorded kind" : parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** What the NAT lab's router did, in sentences with its numbers. */
    private static List<String> natFindings(Summary s, RunResults run) {
        Summary.Nat nat = s.nat();
        List<String> items = new ArrayList<>();
        items.add(String.format(Locale.ROOT, "The NAT router had %s mappings to the server; at most %s were in use at"
                + " once, %s of its conntrack entries in TIME_WAIT.", Format.count(nat.portsAvailable()),
                Format.count(nat.peakMappings()), Format.count(nat.peakTimeWaitEntries())));
        if (nat.drops() > 0 || nat.insertFailed() > 0) {
            items.add(String.format(Locale.ROOT, "The router dropped %s new connections (conntrack drop; insert_failed"
                    + " %s) from %s on: no mapping was free for them, so their SYNs were dropped and sent again or timed out.",
                    Format.count(nat.drops()), Format.count(nat.insertFailed()), Format.seconds(nat.firstDropSecond())));
        } else if (s.attemptsStarted() > nat.portsAvailable()) {
            items.add(String.format(Locale.ROOT, "%s connections went through %s mappings and the router dropped none:"
                    + " this kernel's NAT takes over a port whose conntrack entry is in TIME_WAIT.",
                    Format.count(s.attemptsStarted()), Format.count(nat.portsAvailable())));
        }
        Double retransmits = NatCheck.firstRetransmitSecond(run.series());
        long synRetrans = s.counters().containsKey("client")
                ? s.counters().get("client").totals().getOrDefault(Counters.SYN_RETRANS.column(), 0L) : 0;
        if (retransmits != null && nat.drops() == 0 && s.timeWait().get("server").peak() > 0) {
            items.add(String.format(Locale.ROOT, "The client retransmitted %s SYNs, from %s on, once the NAT reused its"
                    + " ports: a reused port's SYN met the server's TIME_WAIT on the same 4-tuple, and was sent again.",
                    Format.count(synRetrans), Format.seconds(retransmits)));
        }
        return items;
    }

    static Report.Table keyValues(JsonNode object, List<String> skip) {
        List<List<String>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!skip.contains(e.getKey())) {
                rows.add(SettingLabels.row(e.getKey(), e.getValue()));
            }
        }
        return Report.Table.of(List.of("setting", "value"), rows);
    }

    private static Report.Table sysctls(JsonNode manifest) {
        JsonNode lab = manifest.path("lab");
        JsonNode overrides = manifest.path("scenario").path("sysctlOverrides");
        return SysctlTable.of(Side.ENDS.stream().map(side -> new SysctlTable.Column(side.label(),
                lab.path(side.label()).path("sysctls"), overrides.path(side.label()))).toList());
    }

    private static List<Report.Block> findings(RunResults run, CapacityInputs in, CapacityPrediction p,
            List<PredictionCheck> checks) {
        Summary s = run.summary();
        if (s == null) {
            return List.of(new Report.Paragraph("summary.json is missing: the run ended before it could be"
                    + " summarised; the charts show what was recorded.", true));
        }
        List<String> items = new ArrayList<>();
        items.add(String.format(Locale.ROOT, "%s connections completed in %.1f s: %s (target %s).%s",
                Format.count(s.completed()), s.loadSeconds(), Format.rate(s.achievedRateCps()),
                s.targetRateCps() == null ? "closed loop" : Format.rate(s.targetRateCps()),
                s.outcome().kind() == RunOutcome.Kind.COMPLETED ? ""
                        : " The run ended early: " + s.outcome().endReason() + "."));
        if (s.failed() > 0) {
            items.add(String.format(Locale.ROOT, "%s attempts failed, the first after %s: %s.",
                    Format.count(s.failed()), Format.seconds(s.firstFailureSecond()), failuresInWords(s)));
        } else {
            items.add("No connection failed.");
        }
        if (s.late() > 0) {
            items.add(String.format(Locale.ROOT, "%s attempts started more than 10 ms late: the client fell behind"
                    + " its schedule.", Format.count(s.late())));
        }
        for (Side side : Side.ENDS) {
            Summary.SideTimeWait tw = s.timeWait().get(side.label());
            if (tw == null) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "The %s's TIME_WAIT peaked at %s",
                    side.label(), Format.count(tw.peak())));
            if (tw.entered() != null) {
                line.append(String.format(Locale.ROOT, "; %s sockets entered it", Format.count(tw.entered())));
            }
            if (tw.recycled() != null && tw.recycled() > 0) {
                line.append(String.format(Locale.ROOT, "; connect() took over %s of them (TWRecycled)",
                        Format.count(tw.recycled())));
            }
            items.add(line.append('.').toString());
            if (tw.overflow() != null && tw.overflow() > 0) {
                items.add(overflow(side, tw.overflow(), in));
            }
        }
        if (s.nat() != null) {
            items.addAll(natFindings(s, run));
        }
        if (s.measuredTimeWaitSeconds() != null) {
            items.add(String.format(Locale.ROOT, "Sockets stayed in TIME_WAIT for %.1f s at least (measured in the"
                    + " drain): TCP_TIMEWAIT_LEN as this kernel applies it.", s.measuredTimeWaitSeconds()));
        }
        if (p != null) {
            items.add(p.portsLimitRate()
                    ? String.format(Locale.ROOT, "By the capacity model the client's ports sustain %s with these"
                            + " settings%s.", Format.rate(p.sustainableCps()), p.exhaustionSeconds() == null ? ""
                            : String.format(Locale.ROOT, "; at the target rate they run out after %.1f s",
                                    p.exhaustionSeconds()))
                    : "By the capacity model the client's ports do not limit the rate with these settings.");
        }
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(new Report.Bullets(items));
        PredictionTable.disagreements("", checks).forEach(d -> blocks.add(new Report.Paragraph(d, true)));
        return blocks;
    }

    /**
     * Said in full because a reader who sees "overflow" beside a run's counts takes it for
     * something twbench lost; it is the kernel giving up TIME_WAIT's protection.
     */
    static String overflow(Side side, long closes, CapacityInputs in) {
        String limit = in == null ? "" : " (" + Format.count(side == Side.CLIENT ? in.clientMaxTwBuckets()
                : in.serverMaxTwBuckets()) + ")";
        return String.format(Locale.ROOT, "The %s's TIME_WAIT reached net.ipv4.tcp_max_tw_buckets%s, and the"
                + " kernel then closed %s connections without TIME_WAIT (TcpExt TCPTimeWaitOverflow): it dropped"
                + " TIME_WAIT's protection for them, so a delayed segment of one of them could be taken into a"
                + " new connection on the same addresses and ports. This is the kernel's doing at its limit, not a"
                + " twbench failure: those connections had ended normally. The %s's TIME_WAIT chart draws them,"
                + " cumulative.", side.label(), limit, Format.count(closes), side.label());
    }

    private static List<Report.Block> predictions(RunResults run, CapacityPrediction p, List<PredictionCheck> checks) {
        if (p == null || run.summary() == null) {
            return List.of(Report.Paragraph.of("Not available: the run has no complete run.json and summary.json."));
        }
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(PredictionTable.of(checks));
        blocks.add(Report.Paragraph.of("How the model got there (docs/kernel-facts.md in the twbench repository, \"Capacity\"):"));
        blocks.add(new Report.Bullets(p.reasoning()));
        return blocks;
    }

    /** The latency table; a run folder whose log cannot be read gets a sentence saying so. */
    private static Report.Block latency(RunResults run) {
        try {
            return LatencyTable.of(run.latencyLog());
        } catch (IOException | RuntimeException e) {
            return new Report.Paragraph("The latency log could not be read: " + e.getMessage(), true);
        }
    }

    /** Those of {@code raw} the folder has, in that order. */
    static Report.FileList rawFiles(Path dir, List<RawFile> raw) {
        List<Path> files = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (RawFile file : raw) {
            if (Files.exists(dir.resolve(file.name()))) {
                files.add(Path.of(file.name()));
                what.add(file.holds());
            }
        }
        return new Report.FileList(files, what);
    }
}
