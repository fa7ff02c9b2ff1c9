package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one agent counted since the load started: written by the event loops, read by the
 * thread that answers the orchestrator's sample requests, as {@link Counters} values. All counts
 * are cumulative; the orchestrator takes differences. Latencies go into HdrHistogram {@link Recorder}s (wait-free
 * for the writers), in microseconds from each attempt's scheduled start.
 */
public final class ChurnCounters {
    final LongAdder started = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder completed = new LongAdder();
    /** Requests answered in full (client: a whole, successful response; server: a request it answers). */
    final LongAdder requests = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder accepted = new LongAdder();
    /** Connections that ended with the peer's RST after a full exchange (counted in completed too). */
    final LongAdder peerResets = new LongAdder();
    /** Extra ports tried by the range bind mode after EADDRINUSE/EADDRNOTAVAIL. */
    final LongAdder bindRetries = new LongAdder();
    private final List<LongAdder> acceptedByListener = new ArrayList<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong firstFailureNs = new AtomicLong(-1);
    /**
     * Latencies are recorded up to an hour (longer ones count as an hour), at 3 significant
     * digits, into histograms of that fixed range: an auto-resizing one would grow again on the
     * event loop after every interval swap, allocating on the hot path.
     */
    static final long MAX_LATENCY_US = TimeUnit.HOURS.toMicros(1);
    private final Recorder connectUs = new Recorder(1, MAX_LATENCY_US, 3);
    private final Recorder cycleUs = new Recorder(1, MAX_LATENCY_US, 3);
    /** The interval histograms last handed out, for the recorders to reuse (one sampling thread). */
    private Histogram connectSpare;
    private Histogram cycleSpare;
    /**
     * Every interval handed out so far, added up: the run's whole distribution, kept by the agent.
     * Sized to the values they hold (they grow only on the sampling thread, never on a loop): the
     * server and each benchmark batch carry them too, mostly empty.
     */
    private final Histogram connectTotalUs = new Histogram(3);
    private final Histogram cycleTotalUs = new Histogram(3);
    private volatile long originNs = System.nanoTime();

    ChurnCounters() {
        this(0);
    }

    /** @param listeners server listening sockets, each with its own accept count */
    ChurnCounters(int listeners) {
        for (int i = 0; i < listeners; i++) {
            acceptedByListener.add(new LongAdder());
        }
    }

    /** Failure times and latencies are measured from here (the load's start). */
    void origin(long nowNs) {
        originNs = nowNs;
    }

    void accepted(int listener) {
        accepted.increment();
        acceptedByListener.get(listener).increment();
    }

    List<Long> acceptedByListener() {
        return acceptedByListener.stream().map(LongAdder::sum).toList();
    }

    void failure(String kind, long nowNs) {
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        failed.increment();
        firstFailureNs.compareAndSet(-1, Math.max(0, nowNs - originNs));
    }

    void connectLatency(long latencyNs) {
        connectUs.recordValue(latencyUs(latencyNs));
    }

    void cycleLatency(long latencyNs) {
        cycleUs.recordValue(latencyUs(latencyNs));
    }

    private static long latencyUs(long latencyNs) {
        return Math.min(MAX_LATENCY_US, Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNs)));
    }

    long failedTotal() {
        return failed.sum();
    }

    /**
     * The engine's counters as they stand. Endings are read before beginnings: a connection that
     * ends meanwhile is at worst seen still in flight, never ended but not begun.
     */
    CounterValues.Builder values() {
        long failedNow = failed.sum();
        Map<String, Long> failuresNow = failures();
        long completedNow = completed.sum();
        long connectedNow = connected.sum();
        long startedNow = started.sum();
        long acceptedNow = accepted.sum();
        return CounterValues.builder()
                .set(Counters.FAILED, failedNow)
                .failures(failuresNow)
                .set(Counters.COMPLETED, completedNow)
                .set(Counters.REQUESTS, requests.sum())
                .set(Counters.PEER_RESETS, peerResets.sum())
                .set(Counters.CONNECTED, connectedNow)
                .set(Counters.ATTEMPTS_STARTED, startedNow)
                .set(Counters.LATE, late.sum())
                .set(Counters.BIND_RETRIES, bindRetries.sum())
                .set(Counters.ACCEPTED, acceptedNow)
                .set(Counters.IN_FLIGHT, startedNow + acceptedNow - completedNow - failedNow);
    }

    Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Nanoseconds from the load's start to the first failure, or -1. */
    long firstFailureNs() {
        return firstFailureNs.get();
    }

    /** Connect latencies recorded since the previous call; also added to {@link #connectTotal()}. */
    synchronized Histogram takeConnectInterval() {
        Histogram interval = connectUs.getIntervalHistogram(connectSpare);
        connectSpare = interval;
        connectTotalUs.add(interval);
        return plainCopy(interval);
    }

    /** Whole-cycle latencies recorded since the previous call; also added to {@link #cycleTotal()}. */
    synchronized Histogram takeCycleInterval() {
        Histogram interval = cycleUs.getIntervalHistogram(cycleSpare);
        cycleSpare = interval;
        cycleTotalUs.add(interval);
        return plainCopy(interval);
    }

    /** Every connect latency handed out by {@link #takeConnectInterval()} so far. */
    synchronized LatencyDigest connectTotal() {
        return LatencyDigest.of(connectTotalUs);
    }

    /** Every whole-cycle latency handed out by {@link #takeCycleInterval()} so far. */
    synchronized LatencyDigest cycleTotal() {
        return LatencyDigest.of(cycleTotalUs);
    }

    /**
     * A copy of the interval, sized to the values it holds (the log stays small), and made on one
     * thread: a histogram written by two event loops while it is read could encode a header that
     * disagrees with its counts (HdrHistogram 2.2.2, when recorders still resized).
     */
    private static Histogram plainCopy(Histogram interval) {
        Histogram copy = new Histogram(3);
        copy.add(interval);
        return copy;
    }
}
