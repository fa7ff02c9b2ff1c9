package dev.twbench.loadgen.record;

import dev.twbench.loadgen.agent.LatencyLogLines;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.probe.MemoryReading;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Turns each tick's readings into rows on disk, at once (timeseries.csv and latency.hlog are
 * flushed every tick), and keeps the few running values the summary needs. Memory does not
 * grow with the run's length: anything that needs the whole series reads it back from disk.
 * Every counter is handled alike, by the schema ({@link Counters}): a side's kernel, engine and
 * memory values are merged, each row carries the interval's counts and the tick's levels, and the
 * summary sums the counts.
 *
 * <pre>{@code
 * try (RunRecorder recorder = new RunRecorder(folder, startEpochMs, true, List.of(7000))) {
 *     recorder.record(0, Phase.LOAD, kernel, samples, memory);         // the baseline, at Go
 *     ...every interval: recorder.record(elapsedMs, phase, kernel, samples, memory);
 *     Summary summary = recorder.finish(ending);                      // also writes summary.json
 * }
 * }</pre>
 */
public final class RunRecorder implements AutoCloseable {
    /** TCP_TIMEWAIT_LEN: fixed at compile time in the kernel. */
    private static final long TIME_WAIT_LIFETIME_MS = 60_000;
    private final RunFolder folder;
    private final TimeSeriesCsv csv;
    private final LatencyLog latency;
    /** The same intervals one file per metric, as HistogramLogProcessor reads them. */
    private final List<MetricLatencyLog> metricLatency = new ArrayList<>();
    private final Map<Side, SideTally> sides = new EnumMap<>(Side.class);
    private final NatTally nat;
    private final boolean sidesHaveOwnCounters;
    private final List<Integer> listenerPorts;
    private long samples;
    private Message.AgentSample lastClient;
    private Message.AgentSample lastServer;

    /**
     * @param sidesHaveOwnCounters each side has its own namespace, so its TcpExt counters are its
     *                             own (false in the host lab: they are the whole host's)
     * @param listenerPorts        the port of each server listener, in the server's order
     */
    public RunRecorder(RunFolder folder, long startEpochMs, boolean sidesHaveOwnCounters, List<Integer> listenerPorts)
            throws IOException {
        this(folder, startEpochMs, sidesHaveOwnCounters, listenerPorts, Side.ENDS, 0);
    }

    /**
     * @param labSides          the sides the lab has: both ends, and the router of a NAT lab
     * @param natPortsAvailable the NAT pool's mappings to one destination (with a router)
     */
    public RunRecorder(RunFolder folder, long startEpochMs, boolean sidesHaveOwnCounters, List<Integer> listenerPorts,
            List<Side> labSides, long natPortsAvailable) throws IOException {
        this.folder = folder;
        this.sidesHaveOwnCounters = sidesHaveOwnCounters;
        this.listenerPorts = List.copyOf(listenerPorts);
        this.csv = new TimeSeriesCsv(folder.timeSeriesCsv());
        this.latency = new LatencyLog(folder.latencyLog(), startEpochMs);
        for (String metric : List.of(LatencyLogLines.CONNECT, LatencyLogLines.CYCLE)) {
            metricLatency.add(new MetricLatencyLog(folder.latencyLog(metric), metric, startEpochMs));
        }
        for (Side side : labSides) {
            sides.put(side, new SideTally(side));
        }
        this.nat = labSides.contains(Side.ROUTER) ? new NatTally(natPortsAvailable) : null;
    }

    /**
     * Writes one row per side for the interval ending at {@code elapsedMs}; returns them.
     *
     * @param kernel       each side's kernel counters, as its probe read them
     * @param agentSamples each live agent's report; a side whose agent is gone is absent, and its
     *                     row keeps the kernel's view with no agent counts and nothing in flight
     */
    public List<SampleRow> record(long elapsedMs, Phase phase, Map<Side, CounterValues> kernel,
            Map<Side, Message.AgentSample> agentSamples, MemoryReading memory) throws IOException {
        List<SampleRow> rows = new ArrayList<>(sides.size());
        for (Side side : sides.keySet()) {
            SideTally tally = sides.get(side);
            Message.AgentSample sample = agentSamples.get(side);
            CounterValues interval = tally.add(kernel.get(side),
                    Optional.ofNullable(sample).map(Message.AgentSample::counterValues), memory.values(side));
            if (phase == Phase.LOAD) {
                tally.loadTick(elapsedMs);
            }
            if (sample != null && sample.latencyLog() != null) {
                try {
                    latency.append(sample.latencyLog());
                    for (MetricLatencyLog log : metricLatency) {
                        log.append(sample.latencyLog());
                    }
                } catch (IOException e) {
                    throw ResultsWriteException.during(latency.path(), elapsedMs, e);
                }
            }
            LatencyDigest connect = sample == null ? LatencyDigest.EMPTY : sample.connect();
            LatencyDigest cycle = sample == null ? LatencyDigest.EMPTY : sample.cycle();
            rows.add(new SampleRow(elapsedMs, side, phase, interval, connect, cycle));
            if (side == Side.ROUTER) {
                nat.add(elapsedMs, interval);
            }
            if (sample != null && side == Side.CLIENT) {
                lastClient = sample;
            } else if (sample != null) {
                lastServer = sample;
            }
        }
        try {
            csv.append(rows);
        } catch (IOException e) {
            throw ResultsWriteException.during(folder.timeSeriesCsv(), elapsedMs, e);
        }
        samples++;
        return rows;
    }

    /** The side's TIME_WAIT level at the start (0 if never read). */
    public long timeWaitStart(Side side) {
        LevelStats tw = sides.get(side).level(Counters.TIME_WAIT);
        return tw == null ? 0 : tw.start();
    }

    /** The side's TIME_WAIT level at the last tick that read it (0 if never read). */
    public long timeWaitLast(Side side) {
        return sides.get(side).lastLevel(Counters.TIME_WAIT).orElse(0);
    }

    /** The side since Go: counts so far, levels as last read; nothing for a side the lab does not have. */
    public CounterValues sinceStart(Side side) {
        SideTally tally = sides.get(side);
        return tally == null ? CounterValues.none() : tally.sinceStart(); // no router without --nat-ports
    }

    /**
     * How the run ended, as the summary reports it.
     *
     * @param exits                         the agents that died, in the order noticed (an interrupted
     *                                      run lists them too)
     * @param loadSeconds                   the client's time from Go until its last attempt ended
     * @param drainSeconds                  the drain's length; null without one
     * @param measureLifetime               the drain ran long enough to measure TIME_WAIT's lifetime
     * @param everyConnectionEntersTimeWait both sides close with a FIN, so each completed connection
     *                                      leaves at least one side in TIME_WAIT (the split is meaningful)
     */
    public record Ending(RunOutcome outcome, List<AgentExit> exits, Long targetRateCps, double loadSeconds,
            Double drainSeconds, boolean measureLifetime, boolean everyConnectionEntersTimeWait) {
        public Ending {
            exits = List.copyOf(exits);
        }
    }

    /** Computes the summary from what was recorded and writes summary.json. */
    public Summary finish(Ending ending) throws IOException {
        Map<Side, Optional<TimeWaitLifetime.Lifetime>> lifetimes = ending.measureLifetime() && sidesHaveOwnCounters
                ? measureLifetimes() : Map.of();
        Map<String, Summary.SideTimeWait> timeWait = new LinkedHashMap<>();
        Map<String, SideCounters> counters = new LinkedHashMap<>();
        Double measured = null;
        long mostEntered = 0;
        for (Side side : Side.ENDS) {
            SideCounters c = sides.get(side).summary(sidesHaveOwnCounters);
            counters.put(side.label(), c);
            Summary.SideTimeWait tw = timeWait(side, c, lifetimes.getOrDefault(side, Optional.empty()));
            timeWait.put(side.label(), tw);
            if (tw.lifetime() != null && tw.entered() > mostEntered) {
                mostEntered = tw.entered();
                measured = tw.lifetime().minSeconds();
            }
        }
        if (nat != null) {
            counters.put(Side.ROUTER.label(), sides.get(Side.ROUTER).summary(true));
        }
        CounterValues client = sinceStart(Side.CLIENT);
        CounterValues server = sinceStart(Side.SERVER);
        Double firstFailure = lastClient == null || lastClient.firstFailureNs() < 0 ? null
                : Format.round(lastClient.firstFailureNs() / 1e9, 3);
        Map<String, LatencyDigest> latencyUs = new LinkedHashMap<>();
        // The client agent's totals as of its last sample: a client that died mid-run leaves what it had.
        latencyUs.put(LatencyLogLines.CONNECT, lastClient == null ? LatencyDigest.EMPTY : lastClient.connectTotal());
        latencyUs.put(LatencyLogLines.CYCLE, lastClient == null ? LatencyDigest.EMPTY : lastClient.cycleTotal());
        // The user's client (--client-cmd) counts nothing itself: twbench's server's counts stand for it,
        // or, when the user's server serves too, the connections the client's namespace opened.
        boolean clientIsCommand = lastClient != null && lastClient.counters().isEmpty();
        boolean serverIsCommand = lastServer != null && lastServer.counters().isEmpty();
        CounterValues connections = clientIsCommand ? server : client;
        long completed = clientIsCommand && serverIsCommand ? client.getOrZero(Counters.ACTIVE_OPENS)
                : connections.getOrZero(Counters.COMPLETED);
        double achieved = ending.loadSeconds() > 0 ? Format.round(completed / ending.loadSeconds(), 1) : 0;
        List<Long> accepted = lastServer == null ? List.of() : lastServer.acceptedByListener();
        List<Summary.Listener> listeners = new ArrayList<>();
        for (int i = 0; i < listenerPorts.size(); i++) {
            listeners.add(new Summary.Listener(listenerPorts.get(i), i < accepted.size() ? accepted.get(i) : 0));
        }
        // The inference counts on every connection being one of twbench's: not so with the user's client.
        Summary.TimeWaitSplit split = !clientIsCommand && splitIsInferable(ending, client, server, timeWait)
                ? Summary.TimeWaitSplit.of(timeWait.get("client").entered(), timeWait.get("server").entered(), completed)
                : null;
        long due = client.getOrZero(Counters.ATTEMPTS_DUE);
        long started = client.getOrZero(Counters.ATTEMPTS_STARTED);
        Summary summary = new Summary(folder.runId(), ending.outcome(), false, null, ending.targetRateCps(),
                Format.round(ending.loadSeconds(), 3), due, started, client.getOrZero(Counters.CONNECTED), completed,
                connections.getOrZero(Counters.REQUESTS), client.getOrZero(Counters.LATE), Math.max(0, due - started),
                client.getOrZero(Counters.FAILED),
                client.getOrZero(Counters.PEER_RESETS), client.getOrZero(Counters.BIND_RETRIES), achieved,
                failures(lastClient), firstFailure,
                new Summary.Server(server.getOrZero(Counters.ACCEPTED), server.getOrZero(Counters.COMPLETED),
                        server.getOrZero(Counters.PEER_RESETS), server.getOrZero(Counters.FAILED), failures(lastServer),
                        listeners),
                timeWait, split, measured, latencyUs, samples,
                ending.drainSeconds() == null ? null : Format.round(ending.drainSeconds(), 3), ending.exits(), counters,
                nat == null ? null : nat.summary(sides.get(Side.ROUTER)));
        try {
            Json.write(folder.summaryJson(), summary);
        } catch (IOException e) {
            throw ResultsWriteException.of(folder.summaryJson(), e);
        }
        return summary;
    }

    /** One side's TIME_WAIT story, from its counters and, when it was measured in the drain, its lifetime. */
    private Summary.SideTimeWait timeWait(Side side, SideCounters c, Optional<TimeWaitLifetime.Lifetime> measured) {
        SideTally tally = sides.get(side);
        Long entered = c.total(Counters.TW_ENTERED);
        Long recycled = c.total(Counters.TW_RECYCLED);
        Long leftEarly = sidesHaveOwnCounters ? boxed(tally.leftBeforeExpiry(TIME_WAIT_LIFETIME_MS)) : null;
        // Sockets taken over or recycled leave out of order: the lifetime estimate needs them to be
        // rare. Over a load of 60 s or more only the recycled ones can be told apart.
        long enteredCount = entered == null ? 0 : entered;
        boolean inOrder = (leftEarly != null ? leftEarly : recycled == null ? 0 : recycled) <= enteredCount / 100;
        Summary.Lifetime lifetime = measured.filter(l -> inOrder).map(l -> new Summary.Lifetime(
                Format.round(l.minSeconds(), 2), Format.round(l.medianSeconds(), 2), Format.round(l.maxSeconds(), 2))).orElse(null);
        return new Summary.SideTimeWait(timeWaitStart(side), peak(tally.level(Counters.TIME_WAIT)), timeWaitLast(side),
                entered, recycled, c.total(Counters.TW_OVERFLOW), c.total(Counters.ABORT_ON_DATA),
                c.total(Counters.ABORT_ON_CLOSE), leftEarly, lifetime);
    }

    /** Failures by kind, each under its own name, as the agent last reported them. */
    private static Map<String, Long> failures(Message.AgentSample last) {
        return last == null ? Map.of() : new TreeMap<>(last.failures());
    }

    private static long peak(LevelStats level) {
        return level == null ? 0 : level.peak();
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    /**
     * The split is inferred from totals, so only when every TIME_WAIT entry belongs to a completed
     * connection (no failure closed a socket, none skipped TIME_WAIT at the bucket limit) and every
     * completed connection entered it at least once (both sides sent a FIN).
     */
    private boolean splitIsInferable(Ending ending, CounterValues client, CounterValues server,
            Map<String, Summary.SideTimeWait> timeWait) {
        return ending.everyConnectionEntersTimeWait() && sidesHaveOwnCounters
                && ending.outcome().kind() != RunOutcome.Kind.INTERRUPTED && ending.exits().isEmpty()
                && client.getOrZero(Counters.FAILED) == 0 && server.getOrZero(Counters.FAILED) == 0
                && timeWait.get("client").overflow() == 0 && timeWait.get("server").overflow() == 0;
    }

    /** Reads the series back from disk and measures each side's TIME_WAIT lifetime. */
    private Map<Side, Optional<TimeWaitLifetime.Lifetime>> measureLifetimes() throws IOException {
        return TimeWaitLifetime.measure(TimeSeries.read(folder.timeSeriesCsv()));
    }

    @Override
    public void close() throws IOException {
        try {
            csv.close();
        } finally {
            latency.close();
            metricLatency.forEach(MetricLatencyLog::close);
        }
    }
}
