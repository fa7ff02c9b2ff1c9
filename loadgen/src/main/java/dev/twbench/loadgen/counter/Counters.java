package dev.twbench.loadgen.counter;

import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every counter and level a run records, defined once, in the spirit of Agrona's
 * {@code CountersManager}: the engine fills them, the agent protocol carries them by name, the
 * recorder writes one timeseries.csv column each and sums them into summary.json, and the CSV
 * reader and the charts find them by the same name. Adding a kernel counter is one line here;
 * adding an engine counter is one line here plus the code that counts it.
 *
 * <pre>{@code
 * CounterValues.Builder values = CounterValues.builder();
 * values.set(Counters.COMPLETED, completed);              // the engine, at each sample
 * ...
 * CounterValues row = now.since(previous);                // the recorder: counts per interval
 * for (Counter c : Counters.ALL) {
 *     row.get(c).ifPresent(v -> write(c.column(), v));    // levels as read, counts as differences
 * }
 * }</pre>
 */
public final class Counters {
    /** The two ends of the connection: every counter but the router's. */
    private static final Set<Side> BOTH = EnumSet.copyOf(Side.ENDS);
    private static final Set<Side> ROUTER = EnumSet.of(Side.ROUTER);
    private static final Set<Side> CLIENT = EnumSet.of(Side.CLIENT);
    private static final Set<Side> SERVER = EnumSet.of(Side.SERVER);
    private static final List<Counter> DEFINED = new ArrayList<>();

    // The side's namespace, from /proc/net/sockstat.
    public static final Counter TIME_WAIT = define("timeWaitSockets", "sockets", Kind.LEVEL, BOTH, Source.SOCKSTAT,
            "tw", "TIME_WAIT sockets");
    public static final Counter TCP_IN_USE = define("tcpInUseSockets", "sockets", Kind.LEVEL, BOTH, Source.SOCKSTAT,
            "inuse", "TCP sockets in use");

    // The side's namespace, from /proc/net/netstat's TcpExt: the kernel's names.
    public static final Counter TW_ENTERED = tcpExt("twEnteredCount", "sockets", "TW", "entered TIME_WAIT (TW)");
    public static final Counter TW_RECYCLED = tcpExt("twRecycledCount", "sockets", "TWRecycled", "TWRecycled");
    public static final Counter TW_OVERFLOW = tcpExt("twOverflowCount", "closes", "TCPTimeWaitOverflow",
            "TCPTimeWaitOverflow");
    public static final Counter ABORT_ON_DATA = tcpExt("abortOnDataCount", "closes", "TCPAbortOnData",
            "RST sent: TCPAbortOnData");
    public static final Counter ABORT_ON_CLOSE = tcpExt("abortOnCloseCount", "closes", "TCPAbortOnClose",
            "RST sent: TCPAbortOnClose");
    public static final Counter LISTEN_OVERFLOWS = tcpExt("listenOverflowCount", "connections", "ListenOverflows",
            "ListenOverflows");
    public static final Counter LISTEN_DROPS = tcpExt("listenDropCount", "connections", "ListenDrops",
            "ListenDrops");
    public static final Counter SYN_RETRANS = tcpExt("synRetransCount", "segments", "TCPSynRetrans",
            "TCPSynRetrans");

    // /proc/net/snmp's Tcp: what any program in the namespace did, twbench's or the user's own (--client-cmd).
    public static final Counter ACTIVE_OPENS = define("activeOpenCount", "connections", Kind.COUNT, BOTH, Source.TCP,
            "ActiveOpens", "Tcp ActiveOpens");
    public static final Counter PASSIVE_OPENS = define("passiveOpenCount", "connections", Kind.COUNT, BOTH,
            Source.TCP, "PassiveOpens", "Tcp PassiveOpens");

    // The NAT lab's router, from its conntrack table and statistics (the kernel's names).
    public static final Counter CONNTRACK_ENTRIES = conntrackLevel("conntrackEntries", "entries",
            "conntrack entries");
    public static final Counter CONNTRACK_TIME_WAIT = conntrackLevel("conntrackTimeWaitEntries", "TIME_WAIT",
            "conntrack entries in TIME_WAIT");
    /** Distinct mappings in use: reply tuples (server, NAT address and port) of TCP entries mapped to a NAT address. */
    public static final Counter NAT_MAPPINGS = define("natMappings", "mappings", Kind.LEVEL, ROUTER, Source.CONNTRACK,
            "mappings", "NAT mappings in use");
    public static final Counter CONNTRACK_INSERT_FAILED = conntrack("conntrackInsertFailedCount", "insert_failed",
            "conntrack insert_failed");
    public static final Counter CONNTRACK_DROP = conntrack("conntrackDropCount", "drop", "conntrack drop");
    public static final Counter CONNTRACK_EARLY_DROP = conntrack("conntrackEarlyDropCount", "early_drop",
            "conntrack early_drop");
    public static final Counter CONNTRACK_CLASH_RESOLVE = conntrack("conntrackClashResolveCount", "clashres",
            "conntrack clash_resolve");
    public static final Counter CONNTRACK_INVALID = conntrack("conntrackInvalidCount", "invalid",
            "conntrack invalid");

    // twbench's engine, in the agent.
    public static final Counter ATTEMPTS_DUE = engine("attemptsDueCount", "attempts", CLIENT, "due", "attempts due");
    public static final Counter ATTEMPTS_STARTED = engine("attemptsStartedCount", "attempts", CLIENT, "started",
            "attempts started");
    public static final Counter CONNECTED = engine("connectedCount", "connections", CLIENT, "connected", "connected");
    public static final Counter COMPLETED = engine("completedCount", "connections", BOTH, "completed", "completed");
    /** Requests answered: one per exchange for raw and connect, each HTTP request (2xx) for http1. */
    public static final Counter REQUESTS = engine("requestsCount", "requests", BOTH, "requests", "requests");
    public static final Counter LATE = engine("lateCount", "attempts", CLIENT, "late", "late attempts");
    public static final Counter ACCEPTED = engine("acceptedCount", "connections", SERVER, "accepted", "accepted");
    public static final Counter PEER_RESETS = engine("peerResetCount", "connections", BOTH, "peerResets",
            "ended by the peer's RST");
    public static final Counter BIND_RETRIES = engine("bindRetryCount", "ports", CLIENT, "bindRetries",
            "bind retries");
    public static final Counter IN_FLIGHT = define("inFlightConnections", "connections", Kind.LEVEL, BOTH,
            Source.ENGINE, "inFlight", "in flight");
    public static final Counter FAILED = engine("failedCount", "connections", BOTH, "failed", "failed");
    private static final Map<String, Counter> FAILED_BY_KIND = failedByKind();

    // The run's own processes.
    public static final Counter AGENT_RSS = define("agentRssKiB", "KiB", Kind.LEVEL, BOTH, Source.MEMORY, "VmRSS",
            "agent RSS");
    public static final Counter ORCHESTRATOR_HEAP_USED = define("orchestratorHeapUsedKiB", "KiB", Kind.LEVEL, BOTH,
            Source.MEMORY, "heap used", "orchestrator heap");
    public static final Counter ORCHESTRATOR_HEAP_AFTER_GC = define("orchestratorHeapAfterGcKiB", "KiB", Kind.LEVEL,
            BOTH, Source.MEMORY, "heap used after GC", "orchestrator heap after GC");

    /** Every counter, in column order; {@link Counter#index()} is the position here. */
    public static final List<Counter> ALL = Collections.unmodifiableList(DEFINED);

    private static final Map<String, Counter> BY_COLUMN = byColumn();

    private Counters() {
    }

    /** The counter of failures of {@code kind}, one of {@link FailureKinds#COLUMNS}. */
    public static Counter failed(String kind) {
        Counter counter = FAILED_BY_KIND.get(kind);
        if (counter == null) {
            throw new IllegalArgumentException("no counter for failures of kind " + kind + "; kinds with one: "
                    + FailureKinds.COLUMNS);
        }
        return counter;
    }

    /** The counter with this column name, if there is one (an older or newer file may have others). */
    public static Optional<Counter> byColumn(String column) {
        return Optional.ofNullable(BY_COLUMN.get(column));
    }

    /** The counters from one source, in column order. */
    public static List<Counter> from(Source source) {
        return ALL.stream().filter(c -> c.source() == source).toList();
    }

    private static Counter tcpExt(String column, String unit, String kernelName, String label) {
        return define(column, unit, Kind.COUNT, BOTH, Source.TCP_EXT, kernelName, label);
    }

    private static Counter conntrack(String column, String kernelName, String label) {
        return define(column, "entries", Kind.COUNT, ROUTER, Source.CONNTRACK, kernelName, label);
    }

    private static Counter conntrackLevel(String column, String name, String label) {
        return define(column, "entries", Kind.LEVEL, ROUTER, Source.CONNTRACK, name, label);
    }

    private static Counter engine(String column, String unit, Set<Side> sides, String name, String label) {
        return define(column, unit, Kind.COUNT, sides, Source.ENGINE, name, label);
    }

    private static Counter define(String column, String unit, Kind kind, Set<Side> sides, Source source,
            String sourceName, String label) {
        Counter counter = new Counter(DEFINED.size(), column, unit, kind, sides, source, sourceName, label);
        DEFINED.add(counter);
        return counter;
    }

    private static Map<String, Counter> failedByKind() {
        Map<String, Counter> byKind = new LinkedHashMap<>();
        for (String kind : FailureKinds.COLUMNS) {
            byKind.put(kind, engine("failed" + kind + "Count", "connections", BOTH, "failed " + kind, kind));
        }
        return Map.copyOf(byKind);
    }

    private static Map<String, Counter> byColumn() {
        Map<String, Counter> map = new LinkedHashMap<>();
        for (Counter c : ALL) {
            if (map.put(c.column(), c) != null) {
                throw new IllegalStateException("two counters named " + c.column());
            }
        }
        return Map.copyOf(map);
    }
}
