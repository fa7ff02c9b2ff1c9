package dev.twbench.loadgen.record;

import dev.twbench.loadgen.agent.LatencyLogLines;
import dev.twbench.loadgen.engine.LatencyDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A fleet's latency.hlog: each interval, the client hosts' histograms added per metric (tags
 * {@code connect} and {@code cycle}, the same precision as the agents'), then each host's own under
 * {@code client-N.connect} and {@code client-N.cycle}. Adding HdrHistograms is exact, so any
 * percentile of the merged log is the percentile of all the fleet's attempts, not an average of
 * the hosts' percentiles. Every client is asked for the same interval at each tick, so their
 * histograms cover the same span of the orchestrator's clock.
 *
 * <pre>{@code
 * latency.append(fromMs, toMs, Map.of("client-1", lines1, "client-2", lines2));   // each tick
 * LatencyDigest p = latency.totals().get("cycle");                                 // since Go
 * }</pre>
 */
final class FleetLatency implements AutoCloseable {
    private final LatencyLog log;
    private final MetricLatencyLog[] metricLogs;
    /** Since Go, by metric: the run's merged latency for the summary. */
    private final Map<String, Histogram> total = new LinkedHashMap<>();

    FleetLatency(Path path, MetricLatencyLog[] metricLogs, long startEpochMs) throws IOException {
        this.log = new LatencyLog(path, startEpochMs);
        this.metricLogs = metricLogs;
    }

    /** One tick's lines from each client host, by host name; writes the merged and per-host lines. */
    void append(long fromMs, long toMs, Map<String, String> linesByHost) throws IOException {
        Map<String, Histogram> merged = new LinkedHashMap<>();
        StringBuilder perHost = new StringBuilder();
        for (Map.Entry<String, String> host : linesByHost.entrySet()) {
            for (HlogLine line : HlogLine.parseAll(host.getValue())) {
                Histogram h = line.histogram();
                merged.computeIfAbsent(line.tag(), tag -> new Histogram(h.getNumberOfSignificantValueDigits())).add(h);
                perHost.append(LatencyLogLines.line(host.getKey() + "." + line.tag(), fromMs, toMs, h));
            }
        }
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Histogram> metric : merged.entrySet()) {
            lines.append(LatencyLogLines.line(metric.getKey(), fromMs, toMs, metric.getValue()));
            total.computeIfAbsent(metric.getKey(), tag -> new Histogram(metric.getValue().getNumberOfSignificantValueDigits()))
                    .add(metric.getValue());
        }
        String mergedLines = lines.toString();
        log.append(mergedLines + perHost);
        for (MetricLatencyLog metricLog : metricLogs) {
            metricLog.append(mergedLines);
        }
    }

    /** The merged latency since Go, by metric ({@code connect}, {@code cycle}); empty digests for none. */
    Map<String, LatencyDigest> totals() {
        Map<String, LatencyDigest> digests = new LinkedHashMap<>();
        for (String metric : new String[] {LatencyLogLines.CONNECT, LatencyLogLines.CYCLE}) {
            Histogram h = total.get(metric);
            digests.put(metric, h == null ? LatencyDigest.EMPTY : LatencyDigest.of(h));
        }
        return digests;
    }

    Path path() {
        return log.path();
    }

    @Override
    public void close() {
        log.close();
        for (MetricLatencyLog metricLog : metricLogs) {
            metricLog.close();
        }
    }
}
