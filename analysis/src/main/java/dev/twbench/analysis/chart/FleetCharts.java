package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.FleetResults;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every chart of a run across hosts, written as PNG and SVG in the one-machine charts' style and
 * on one time axis ({@link TimeAxis}): each host's TIME_WAIT as a small multiple, all on the same
 * y scale so heights compare; the fleet's TIME_WAIT (the clients' added, the server's beside);
 * failures per second stacked by client host; the merged connect and cycle latency per interval
 * (latency.hlog's {@code connect} and {@code cycle} tags: every client's histograms added). A
 * chart with nothing to draw is its sentence ({@link ChartOutcome.Nothing}).
 *
 * <pre>{@code
 * FleetCharts.Drawn charts = FleetCharts.draw(FleetResults.load(dir), dir.resolve("charts"));
 * charts.hostTimeWait();   // timewait-server, timewait-client-1, ... in host order
 * charts.all();            // every chart, in the order a report shows them
 * }</pre>
 */
public final class FleetCharts {
    public static final String FLEET_TIME_WAIT = "timewait-fleet";
    public static final String FAILURES_BY_HOST = "failures-by-host";
    public static final String LATENCY_CONNECT = "latency-connect";
    public static final String LATENCY_CYCLE = "latency-cycle";
    static final String CONNECT_TITLE = "Connect latency per interval, all client hosts merged";
    static final String CYCLE_TITLE = "Cycle latency per interval, all client hosts merged";

    /**
     * The charts as drawn or said.
     *
     * @param hostTimeWait one per host, server first: the small multiples
     */
    public record Drawn(List<ChartOutcome> hostTimeWait, ChartOutcome fleetTimeWait, ChartOutcome failures,
            ChartOutcome connectLatency, ChartOutcome cycleLatency) {
        public Drawn {
            hostTimeWait = List.copyOf(hostTimeWait);
        }

        public List<ChartOutcome> all() {
            List<ChartOutcome> all = new ArrayList<>(hostTimeWait);
            all.addAll(List.of(fleetTimeWait, failures, connectLatency, cycleLatency));
            return all;
        }
    }

    private FleetCharts() {
    }

    /** {@code timewait-server}, {@code timewait-client-1}, ... */
    public static String timeWaitName(String host) {
        return "timewait-" + host;
    }

    public static Drawn draw(FleetResults fleet, Path chartsDir) throws IOException {
        Path hlog = fleet.folder().latencyLog();
        LatencyCurves connect = Files.exists(hlog) ? LatencyCurves.read(hlog, LatencyCurves.CONNECT) : null;
        LatencyCurves cycle = Files.exists(hlog) ? LatencyCurves.read(hlog, LatencyCurves.CYCLE) : null;
        TimeAxis axis = TimeAxis.of(fleet.series(), connect == null ? 0 : connect.maxUs().lastSecond(),
                cycle == null ? 0 : cycle.maxUs().lastSecond());
        // Every host's readings first, in one pass over the file: their highest peak is the y scale they share.
        TimeSeries.Columns loaded = TimeWaitChart.Readings.load(fleet.series());
        Map<String, TimeWaitChart.Readings> readings = new LinkedHashMap<>();
        for (String host : fleet.hosts()) {
            // Every host is a machine of its own: its TcpExt counters (the overflow) are its own.
            readings.put(host, TimeWaitChart.Readings.of(fleet.series(), loaded, host, true));
        }
        TimeWaitChart.Frame small = TimeWaitChart.Frame.small(
                readings.values().stream().mapToDouble(TimeWaitChart.Readings::peak).max().orElse(0));
        List<ChartOutcome> hosts = new ArrayList<>();
        for (String host : fleet.hosts()) {
            Side role = FleetResults.CLIENT.equals(fleet.role(host)) ? Side.CLIENT : Side.SERVER;
            hosts.add(ChartWriter.write(TimeWaitChart.of(host, readings.get(host), List.of(),
                    TimeWaitChart.noTimeWait(fleet.manifest(), role, host), small, axis), timeWaitName(host), chartsDir));
        }
        String server = fleet.hosts().stream().filter(h -> FleetResults.SERVER.equals(fleet.role(h))).findFirst()
                .orElse(FleetResults.SERVER);
        return new Drawn(hosts,
                ChartWriter.write(FleetTimeWaitChart.of(fleet.series(), fleet.clients(), server, axis), FLEET_TIME_WAIT,
                        chartsDir),
                ChartWriter.write(FailureChart.byHost(fleet.series(), fleet.clients(), axis), FAILURES_BY_HOST, chartsDir),
                ChartWriter.write(LatencyChart.of(connect, LatencyCurves.CONNECT, CONNECT_TITLE, axis), LATENCY_CONNECT,
                        chartsDir),
                ChartWriter.write(LatencyChart.of(cycle, LatencyCurves.CYCLE, CYCLE_TITLE, axis), LATENCY_CYCLE,
                        chartsDir));
    }
}
