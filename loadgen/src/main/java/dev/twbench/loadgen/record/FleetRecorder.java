package dev.twbench.loadgen.record;

import dev.twbench.loadgen.agent.LatencyLogLines;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The recorder of a run across hosts: what {@link RunRecorder} is to one machine, with one
 * {@link SideTally} per host, named {@code server}, {@code client-1} ... {@code client-N}. Each
 * agent reports its own host's kernel counters and memory with its sample, as nobody else can read
 * them; the rows, summary and latency log are the same files as a one-machine run's, with a row
 * per host per interval, and the fleet's latency merged exactly ({@link FleetLatency}).
 *
 * <pre>{@code
 * try (FleetRecorder recorder = new FleetRecorder(folder, startEpochMs, hosts)) {
 *     recorder.record(0, 0, Phase.LOAD, samples);                 // the baseline, at Go
 *     ...every interval: recorder.record(fromMs, elapsedMs, phase, samples);
 *     FleetSummary summary = recorder.finish(ending);            // also writes summary.json
 * }
 * }</pre>
 */
public final class FleetRecorder implements AutoCloseable {
    /**
     * A host of the fleet.
     *
     * @param name          {@code server} or {@code client-N}: its rows' side, its key in summary.json
     * @param role          which counters apply to it
     * @param agent         its agent's address as given
     * @param agentName     the name the agent gave itself
     * @param targetRateCps a client's share of the rate; null for the server or --rate max
     */
    public record Host(String name, Side role, String agent, String agentName, Long targetRateCps) {
    }

    /** How the run ended, as the summary reports it. */
    public record Ending(RunOutcome outcome, List<AgentExit> exits, Long targetRateCps, Double drainSeconds,
            FleetSummary.Alignment alignment) {
        public Ending {
            exits = List.copyOf(exits);
        }
    }

    private static final class Tally {
        final Host host;
        final SideTally values;
        Message.AgentSample last;

        Tally(Host host) {
            this.host = host;
            this.values = new SideTally(host.role());
        }
    }

    private final RunFolder folder;
    private final TimeSeriesCsv csv;
    private final FleetLatency latency;
    private final Map<String, Tally> hosts = new LinkedHashMap<>();
    private long samples;
    private long clientsTimeWaitPeak;

    public FleetRecorder(RunFolder folder, long startEpochMs, List<Host> hosts) throws IOException {
        this.folder = folder;
        this.csv = new TimeSeriesCsv(folder.timeSeriesCsv());
        MetricLatencyLog[] metricLogs = {
                new MetricLatencyLog(folder.latencyLog(LatencyLogLines.CONNECT), LatencyLogLines.CONNECT, startEpochMs),
                new MetricLatencyLog(folder.latencyLog(LatencyLogLines.CYCLE), LatencyLogLines.CYCLE, startEpochMs)};
        this.latency = new FleetLatency(folder.latencyLog(), metricLogs, startEpochMs);
        for (Host host : hosts) {
            this.hosts.put(host.name(), new Tally(host));
        }
    }

    /**
     * Writes one row per host for the interval [fromMs, elapsedMs); returns them.
     *
     * @param samples each live agent's report, by host name; a host whose agent is gone is absent,
     *                and its row has only what it last counted (nobody can read its kernel now)
     */
    public List<SampleRow> record(long fromMs, long elapsedMs, Phase phase, Map<String, Message.AgentSample> samples)
            throws IOException {
        List<SampleRow> rows = new ArrayList<>(hosts.size());
        Map<String, String> latencyLines = new LinkedHashMap<>();
        long clientsTimeWait = 0;
        for (Tally t : hosts.values()) {
            Message.AgentSample sample = samples.get(t.host.name());
            CounterValues kernel = sample == null ? CounterValues.none() : sample.hostValues();
            CounterValues interval = t.values.add(kernel, Optional.ofNullable(sample).map(Message.AgentSample::counterValues),
                    CounterValues.none());
            if (phase == Phase.LOAD) {
                t.values.loadTick(elapsedMs);
            }
            if (sample != null) {
                t.last = sample;
                if (sample.latencyLog() != null && !sample.latencyLog().isEmpty()) {
                    latencyLines.put(t.host.name(), sample.latencyLog());
                }
            }
            if (t.host.role() == Side.CLIENT) {
                clientsTimeWait += t.values.lastLevel(Counters.TIME_WAIT).orElse(0);
            }
            rows.add(new SampleRow(elapsedMs, t.host.role(), t.host.name(), phase, interval,
                    sample == null ? LatencyDigest.EMPTY : sample.connect(),
                    sample == null ? LatencyDigest.EMPTY : sample.cycle()));
        }
        clientsTimeWaitPeak = Math.max(clientsTimeWaitPeak, clientsTimeWait);
        try {
            if (!latencyLines.isEmpty()) {
                latency.append(fromMs, elapsedMs, latencyLines);
            }
        } catch (IOException e) {
            throw ResultsWriteException.during(latency.path(), elapsedMs, e);
        }
        try {
            csv.append(rows);
        } catch (IOException e) {
            throw ResultsWriteException.during(folder.timeSeriesCsv(), elapsedMs, e);
        }
        this.samples++;
        return rows;
    }

    /** The host's TIME_WAIT level at its first reading (0 if never read). */
    public long timeWaitStart(String host) {
        LevelStats tw = hosts.get(host).values.level(Counters.TIME_WAIT);
        return tw == null ? 0 : tw.start();
    }

    /** The host's TIME_WAIT level at its latest reading (0 if never read). */
    public long timeWaitLast(String host) {
        return hosts.get(host).values.lastLevel(Counters.TIME_WAIT).orElse(0);
    }

    /** The host since Go: counts so far, levels as last read. */
    public CounterValues sinceStart(String host) {
        return hosts.get(host).values.sinceStart();
    }

    /** Computes the summary from what was recorded and writes summary.json. */
    public FleetSummary finish(Ending ending) throws IOException {
        Map<String, FleetSummary.Host> bySide = new LinkedHashMap<>();
        long due = 0;
        long completed = 0;
        long failed = 0;
        long clients = 0;
        double longestLoadSeconds = 0;
        Map<String, Long> failures = new TreeMap<>();
        for (Tally t : hosts.values()) {
            CounterValues since = t.values.sinceStart();
            Message.AgentSample last = t.last;
            boolean client = t.host.role() == Side.CLIENT;
            double loadSeconds = client && last != null ? Format.round(last.loadNs() / 1e9, 3) : 0;
            Map<String, Long> hostFailures = last == null ? Map.of() : last.failures();
            Map<String, LatencyDigest> latencyUs = new LinkedHashMap<>();
            if (client) {
                latencyUs.put(LatencyLogLines.CONNECT, last == null ? LatencyDigest.EMPTY : last.connectTotal());
                latencyUs.put(LatencyLogLines.CYCLE, last == null ? LatencyDigest.EMPTY : last.cycleTotal());
                clients++;
                due += since.getOrZero(Counters.ATTEMPTS_DUE);
                completed += since.getOrZero(Counters.COMPLETED);
                failed += since.getOrZero(Counters.FAILED);
                hostFailures.forEach((kind, n) -> failures.merge(kind, n, Long::sum));
                longestLoadSeconds = Math.max(longestLoadSeconds, loadSeconds);
            }
            LevelStats tw = t.values.level(Counters.TIME_WAIT);
            bySide.put(t.host.name(), new FleetSummary.Host(t.host.role().label(), t.host.agent(), t.host.agentName(),
                    t.host.targetRateCps(), since.getOrZero(Counters.ATTEMPTS_DUE),
                    since.getOrZero(Counters.COMPLETED), since.getOrZero(Counters.FAILED),
                    hostFailures, last == null || last.firstFailureNs() < 0 ? null : Format.round(last.firstFailureNs() / 1e9, 3),
                    loadSeconds, tw == null ? new LevelStats(0, 0, 0) : tw, t.values.summary(true), latencyUs));
        }
        FleetSummary.Totals totals = new FleetSummary.Totals(clients, due, completed, failed, failures,
                longestLoadSeconds > 0 ? Format.round(completed / longestLoadSeconds, 1) : 0, clientsTimeWaitPeak,
                latency.totals());
        FleetSummary summary = new FleetSummary(folder.runId(), ending.outcome(), null, ending.targetRateCps(),
                longestLoadSeconds, samples, ending.drainSeconds() == null ? null : Format.round(ending.drainSeconds(), 3),
                totals, bySide, ending.alignment(), ending.exits());
        try {
            Json.write(folder.summaryJson(), summary);
        } catch (IOException e) {
            throw ResultsWriteException.of(folder.summaryJson(), e);
        }
        return summary;
    }

    @Override
    public void close() throws IOException {
        try {
            csv.close();
        } finally {
            latency.close();
        }
    }
}
