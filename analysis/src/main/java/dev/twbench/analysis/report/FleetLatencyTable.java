package dev.twbench.analysis.report;

import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.record.FleetSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run across hosts' latency over the whole load, from summary.json: the fleet's connect and
 * cycle first (every client's interval histograms added, so a percentile is that of all the
 * fleet's attempts, not a mean of the hosts'), then each client host's own.
 *
 * <pre>{@code
 * Report.Table latency = FleetLatencyTable.of(summary);
 * // | fleet | cycle | 3,000 | 1,397 | 226,559 | 287,999 | 311,807 |
 * }</pre>
 */
final class FleetLatencyTable {
    static final List<String> HEADERS = List.of("latency (µs)", "metric", "count", "p50", "p99", "p99.9", "max");
    static final String FLEET = "fleet";
    private static final List<String> METRICS = List.of("connect", "cycle");

    private FleetLatencyTable() {
    }

    static Report.Table of(FleetSummary s) {
        List<List<String>> rows = new ArrayList<>();
        add(rows, FLEET, s.fleet().latencyUs());
        s.hosts().forEach((name, host) -> add(rows, name, host.latencyUs()));
        return Report.Table.of(HEADERS, rows);
    }

    /** A row per metric the host timed anything of: the server, which times nothing, has none. */
    private static void add(List<List<String>> rows, String who, Map<String, LatencyDigest> latencyUs) {
        for (String metric : METRICS) {
            LatencyDigest d = latencyUs.get(metric);
            if (d != null && d.count() > 0) {
                rows.add(List.of(who, metric, Format.count(d.count()), Format.count(d.p50Us()), Format.count(d.p99Us()),
                        Format.count(d.p999Us()), Format.count(d.maxUs())));
            }
        }
    }
}
