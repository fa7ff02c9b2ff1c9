package dev.twbench.analysis.report;

import dev.twbench.analysis.results.FleetResults;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.record.FleetSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A run across hosts, one row per host, then the fleet's: what each host was asked and did, from
 * summary.json, and its clock as the orchestrator measured it, from run.json. Every cell is a
 * figure of those files as written, or empty where it does not apply (a server has no rate share).
 *
 * <pre>{@code
 * Report.Table hosts = FleetHostTable.of(FleetResults.load(dir));
 * // | client-1 | client | 198.18.50.2:7070 | c1 | 150 | 1,000 | 350 | 350 EADDRNOTAVAIL | 6.668 | 1,001 | 208,511 | 28 ± 193 |
 * }</pre>
 */
final class FleetHostTable {
    static final List<String> HEADERS = List.of("host", "role", "agent", "name", "rate (/s)", "completed", "failed",
            "failures by reason", "first failure (s)", "TIME_WAIT peak", "cycle p99 (µs)", "clock offset ± bound (µs)");
    /** The last row's host cell. */
    static final String FLEET_ROW = "fleet (client hosts)";

    private FleetHostTable() {
    }

    /** Needs summary.json ({@link FleetResults#summary} not null). */
    static Report.Table of(FleetResults fleet) {
        FleetSummary s = fleet.summary();
        List<List<String>> rows = new ArrayList<>();
        s.hosts().forEach((name, host) -> rows.add(row(fleet, name, host)));
        FleetSummary.Totals t = s.fleet();
        Double firstFailure = s.hosts().values().stream().map(FleetSummary.Host::firstFailureSecond)
                .filter(Objects::nonNull).min(Double::compare).orElse(null);
        rows.add(List.of(FLEET_ROW, "", "", "", s.targetRateCps() == null ? "" : Format.count(s.targetRateCps()),
                Format.count(t.completed()), Format.count(t.failed()), byReason(t.failures()),
                firstFailure == null ? "none" : Format.recorded(firstFailure), Format.count(t.timeWaitPeak()),
                p99(t.latencyUs()), ""));
        return Report.Table.of(HEADERS, rows);
    }

    private static List<String> row(FleetResults fleet, String name, FleetSummary.Host h) {
        boolean client = FleetResults.CLIENT.equals(h.role());
        String firstFailure = h.firstFailureSecond() != null ? Format.recorded(h.firstFailureSecond())
                : client ? "none" : "";
        String clock = fleet.clock(name).map(c -> Format.count(c.offsetUs()) + " ± " + Format.count(c.offsetBoundUs()))
                .orElse("");
        return List.of(name, h.role(), nullToEmpty(h.agent()), nullToEmpty(h.name()),
                h.targetRateCps() == null ? "" : Format.count(h.targetRateCps()), Format.count(h.completed()),
                Format.count(h.failed()), byReason(h.failures()), firstFailure, Format.count(h.timeWait().peak()),
                p99(h.latencyUs()), clock);
    }

    /** "350 EADDRNOTAVAIL", most first; "none" for none. */
    static String byReason(Map<String, Long> failures) {
        String listed = failures.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> Format.count(e.getValue()) + " " + e.getKey()).collect(Collectors.joining(", "));
        return listed.isEmpty() ? "none" : listed;
    }

    /** The cycle's p99; empty for a host that timed nothing (the server). */
    private static String p99(Map<String, LatencyDigest> latencyUs) {
        LatencyDigest cycle = latencyUs.get("cycle");
        return cycle == null || cycle.count() == 0 ? "" : Format.count(cycle.p99Us());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
