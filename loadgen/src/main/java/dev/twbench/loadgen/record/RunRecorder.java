package dev.twbench.loadgen.record;

import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.agent.MessageCodec;
import dev.twbench.loadgen.probe.MemoryReading;
import dev.twbench.loadgen.probe.ProbeReading;
import dev.twbench.loadgen.probe.TcpExt;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Turns each tick's readings into rows on disk, at once (timeseries.csv and latency.hlog are
 * flushed every tick), and keeps the few running values the summary needs. Memory does not
 * grow with the run's length: anything that needs the whole series reads it back from disk.
 *
 * <pre>{@code
 * try (RunRecorder recorder = new RunRecorder(folder, startEpochMs, true, List.of(7000))) {
 *     recorder.record(0, Phase.LOAD, readings, samples);        // the baseline, at Go
 *     ...every interval: recorder.record(elapsedMs, phase, readings, samples);
 *     Summary summary = recorder.finish(ending);                // also writes summary.json
 * }
 * }</pre>
 */
public final class RunRecorder implements AutoCloseable {
    /** TCP_TIMEWAIT_LEN: fixed at compile time in the kernel. */
    private static final long TIME_WAIT_LIFETIME_MS = 60_000;
    private final RunFolder folder;
    private final TimeSeriesCsv csv;
    private final LatencyLog latency;
    private final Map<Side, SideState> sides = new EnumMap<>(Side.class);
    private final boolean sidesHaveOwnCounters;
    private final List<Integer> listenerPorts;
    private long samples;
    private long lastElapsedMs;
    private Message.AgentSample lastClient;
    private Message.AgentSample lastServer;

    /** Running values of one side. */
    private static final class SideState {
        TcpExt firstTcpExt;
        TcpExt lastTcpExt;
        AgentCounts lastCounts = AgentCounts.ZERO;
        long timeWaitStart = -1;
        long timeWaitPeak;
        long timeWaitLast;
        /** TIME_WAIT level and TcpExt TW entries at the last load-phase tick that read the level. */
        long loadEndTimeWait;
        TcpExt loadEndTcpExt;
        long loadEndElapsedMs;
    }

    /**
     * @param sidesHaveOwnCounters each side has its own namespace, so its TcpExt counters are its
     *                             own (false in the host lab: they are the whole host's)
     * @param listenerPorts        the port of each server listener, in the server's order
     */
    public RunRecorder(RunFolder folder, long startEpochMs, boolean sidesHaveOwnCounters, List<Integer> listenerPorts)
            throws IOException {
        this.folder = folder;
        this.sidesHaveOwnCounters = sidesHaveOwnCounters;
        this.listenerPorts = List.copyOf(listenerPorts);
        this.csv = new TimeSeriesCsv(folder.timeSeriesCsv());
        this.latency = new LatencyLog(folder.latencyLog(), startEpochMs);
        for (Side side : Side.values()) {
            sides.put(side, new SideState());
        }
    }

    /**
     * Writes one row per side for the interval ending at {@code elapsedMs}; returns them.
     *
     * @param agentSamples each live agent's report; a side whose agent is gone is absent, and its
     *                     row keeps the kernel's view with no agent counts and nothing in flight
     */
    public List<SampleRow> record(long elapsedMs, Phase phase, Map<Side, ProbeReading> readings,
            Map<Side, Message.AgentSample> agentSamples, MemoryReading memory) throws IOException {
        List<SampleRow> rows = new ArrayList<>(2);
        for (Side side : Side.values()) {
            SideState state = sides.get(side);
            ProbeReading reading = readings.get(side);
            Message.AgentSample sample = agentSamples.get(side);
            if (state.firstTcpExt == null) {
                state.firstTcpExt = reading.tcpExt();
                state.lastTcpExt = reading.tcpExt();
            }
            AgentCounts counts = sample == null ? state.lastCounts : AgentCounts.of(sample);
            LatencyDigest connect = LatencyDigest.EMPTY;
            LatencyDigest cycle = LatencyDigest.EMPTY;
            if (sample != null && sample.connectHistogram() != null) {
                Histogram connectUs = MessageCodec.decode(sample.connectHistogram());
                Histogram cycleUs = MessageCodec.decode(sample.cycleHistogram());
                connect = LatencyDigest.of(connectUs);
                cycle = LatencyDigest.of(cycleUs);
                try {
                    latency.append(lastElapsedMs, elapsedMs, connectUs, cycleUs);
                } catch (IOException e) {
                    throw ResultsWriteException.during(latency.path(), elapsedMs, e);
                }
            }
            rows.add(new SampleRow(elapsedMs, side, phase, reading.timeWait(), reading.tcpInUse(),
                    reading.tcpExt().minus(state.lastTcpExt), counts.minus(state.lastCounts),
                    sample == null ? 0 : counts.inFlight(), connect, cycle, memory.agentRssKiB(side),
                    memory.orchestratorHeapUsedKiB(), memory.orchestratorHeapAfterGcKiB()));
            if (reading.timeWait().isPresent()) {
                long tw = reading.timeWait().getAsLong();
                if (state.timeWaitStart < 0) {
                    state.timeWaitStart = tw;
                }
                state.timeWaitPeak = Math.max(state.timeWaitPeak, tw);
                state.timeWaitLast = tw;
                if (phase == Phase.LOAD) {
                    state.loadEndTimeWait = tw;
                    state.loadEndTcpExt = reading.tcpExt();
                    state.loadEndElapsedMs = elapsedMs;
                }
            }
            state.lastTcpExt = reading.tcpExt();
            state.lastCounts = counts;
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
        lastElapsedMs = elapsedMs;
        return rows;
    }

    /** The side's TIME_WAIT level at the start and at the last tick that read it. */
    public long timeWaitStart(Side side) {
        return Math.max(0, sides.get(side).timeWaitStart);
    }

    public long timeWaitLast(Side side) {
        return sides.get(side).timeWaitLast;
    }

    /** The side's cumulative agent counts at the last tick. */
    public AgentCounts totals(Side side) {
        return sides.get(side).lastCounts;
    }

    /**
     * How the run ended, as the summary reports it.
     *
     * @param everyConnectionEntersTimeWait both sides close with a FIN, so each completed connection
     *                                      leaves at least one side in TIME_WAIT (the split is meaningful)
     */
    public record Ending(String reason, boolean interrupted, Long targetRateCps, double loadSeconds,
            Double drainSeconds, boolean measureLifetime, boolean everyConnectionEntersTimeWait,
            List<Summary.AgentExit> agentExits) {
    }

    /** Computes the summary from what was recorded and writes summary.json. */
    public Summary finish(Ending ending) throws IOException {
        Map<String, Summary.SideTimeWait> timeWait = new LinkedHashMap<>();
        Map<Side, Optional<TimeWaitLifetime.Lifetime>> lifetimes = ending.measureLifetime() && sidesHaveOwnCounters
                ? measureLifetimes() : Map.of();
        Double measured = null;
        long mostEntered = 0;
        for (Side side : Side.values()) {
            SideState s = sides.get(side);
            TcpExt during = s.lastTcpExt == null ? TcpExt.ZERO : s.lastTcpExt.minus(s.firstTcpExt);
            Long leftEarly = sidesHaveOwnCounters ? leftBeforeExpiry(side) : null;
            // Sockets taken over or recycled leave out of order: the lifetime estimate needs them to be
            // rare. Over a load of 60 s or more only the recycled ones can be told apart.
            boolean inOrder = (leftEarly != null ? leftEarly : during.twRecycled()) <= during.tw() / 100;
            Summary.Lifetime lifetime = lifetimes.getOrDefault(side, Optional.empty()).filter(l -> inOrder)
                    .map(l -> new Summary.Lifetime(round(l.minSeconds(), 2), round(l.medianSeconds(), 2),
                            round(l.maxSeconds(), 2))).orElse(null);
            timeWait.put(side.label(), new Summary.SideTimeWait(timeWaitStart(side), s.timeWaitPeak, s.timeWaitLast,
                    own(during.tw()), own(during.twRecycled()), own(during.twOverflow()), own(during.abortOnData()),
                    own(during.abortOnClose()), leftEarly, lifetime));
            if (lifetime != null && during.tw() > mostEntered) {
                mostEntered = during.tw();
                measured = lifetime.minSeconds();
            }
        }
        AgentCounts client = totals(Side.CLIENT);
        Double firstFailure = lastClient == null || lastClient.firstFailureNs() < 0 ? null
                : round(lastClient.firstFailureNs() / 1e9, 3);
        Map<String, LatencyDigest> latencyUs = new LinkedHashMap<>();
        latencyUs.put(LatencyLog.CONNECT, latency.connectTotal());
        latencyUs.put(LatencyLog.CYCLE, latency.cycleTotal());
        double achieved = ending.loadSeconds() > 0 ? round(client.completed() / ending.loadSeconds(), 1) : 0;
        AgentCounts server = totals(Side.SERVER);
        List<Long> accepted = lastServer == null ? List.of() : lastServer.acceptedByListener();
        List<Summary.Listener> listeners = new ArrayList<>();
        for (int i = 0; i < listenerPorts.size(); i++) {
            listeners.add(new Summary.Listener(listenerPorts.get(i), i < accepted.size() ? accepted.get(i) : 0));
        }
        Summary.TimeWaitSplit split = splitIsInferable(ending, client, server, timeWait)
                ? Summary.TimeWaitSplit.of(timeWait.get("client").entered(), timeWait.get("server").entered(),
                        client.completed())
                : null;
        Summary summary = new Summary(folder.runId(), ending.interrupted(), ending.reason(), ending.targetRateCps(),
                round(ending.loadSeconds(), 3), client.due(), client.started(), client.connected(), client.completed(),
                client.late(), Math.max(0, client.due() - client.started()), client.failed(), client.peerResets(),
                client.bindRetries(), achieved, client.failures(), firstFailure,
                new Summary.Server(server.accepted(), server.completed(), server.peerResets(), server.failed(),
                        server.failures(), listeners),
                timeWait, split, measured, latencyUs, samples,
                ending.drainSeconds() == null ? null : round(ending.drainSeconds(), 3), ending.agentExits());
        try {
            Json.write(folder.summaryJson(), summary);
        } catch (IOException e) {
            throw ResultsWriteException.of(folder.summaryJson(), e);
        }
        return summary;
    }

    /**
     * The split is inferred from totals, so only when every TIME_WAIT entry belongs to a completed
     * connection (no failure closed a socket, none skipped TIME_WAIT at the bucket limit) and every
     * completed connection entered it at least once (both sides sent a FIN).
     */
    private boolean splitIsInferable(Ending ending, AgentCounts client, AgentCounts server,
            Map<String, Summary.SideTimeWait> timeWait) {
        return ending.everyConnectionEntersTimeWait() && sidesHaveOwnCounters && !ending.interrupted()
                && ending.agentExits().isEmpty()
                && client.failed() == 0 && server.failed() == 0
                && timeWait.get("client").overflow() == 0 && timeWait.get("server").overflow() == 0;
    }

    /** A side's TcpExt count, or null where the counters are the whole host's. */
    private Long own(long count) {
        return sidesHaveOwnCounters ? count : null;
    }

    /**
     * TIME_WAIT sockets that left during the load although none could have expired yet (the load
     * was shorter than the 60 s lifetime): entries (TcpExt TW) minus the rise of the level. They
     * were recycled by connect() (TWRecycled) or taken over by a new SYN for the same 4-tuple,
     * which no counter shows. Null when the load lasted 60 s or more.
     */
    private Long leftBeforeExpiry(Side side) {
        SideState s = sides.get(side);
        if (s.loadEndTcpExt == null || s.loadEndElapsedMs >= TIME_WAIT_LIFETIME_MS) {
            return null;
        }
        long entered = s.loadEndTcpExt.minus(s.firstTcpExt).tw();
        return Math.max(0, entered - (s.loadEndTimeWait - timeWaitStart(side)));
    }

    /** Reads the series back from disk and measures each side's TIME_WAIT lifetime. */
    private Map<Side, Optional<TimeWaitLifetime.Lifetime>> measureLifetimes() throws IOException {
        return TimeWaitLifetime.measure(TimeSeries.read(folder.timeSeriesCsv()));
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
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
