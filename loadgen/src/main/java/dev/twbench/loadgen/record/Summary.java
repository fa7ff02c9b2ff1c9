package dev.twbench.loadgen.record;

import dev.twbench.loadgen.engine.LatencyDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json: the run's outcome in numbers, every one computed from what was recorded.
 *
 * @param outcome               how the run ended; {@code interrupted} and {@code endReason} say it in
 *                              a word and a line (a summary written before twbench recorded the
 *                              outcome gets one from those two)
 * @param endReason             {@code completed}, {@code interrupted}, or why the run stopped early
 * @param targetRateCps         the open-loop rate; null for {@code --rate max}
 * @param loadSeconds           the client's time from Go until its last attempt ended
 * @param notStarted            attempts that became due but had not started when the load's time was up
 * @param peerResets            client connections completed whose end was the server's RST
 * @param bindRetries           extra ports tried by {@code --client-bind range:LO-HI}
 * @param requests              requests answered in full: one per completed exchange, or each HTTP request
 * @param achievedRateCps       completed / loadSeconds
 * @param failures              errno name (or TIMEOUT, EARLY_EOF, OTHER) to count, client side
 * @param firstFailureSecond    seconds from Go to the client's first failure; null if none
 * @param server                the server's side of the story
 * @param timeWait              per side ("client", "server")
 * @param timeWaitSplit         inferred from the totals, for close orders in which both sides send
 *                              a FIN: how many connections left TIME_WAIT on the client only, the
 *                              server only, or both; null otherwise, with failures or TIME_WAIT
 *                              overflow (the inference needs every entry to be a completed
 *                              connection's), and in the host lab
 * @param measuredTimeWaitSeconds the shortest time sockets stayed in TIME_WAIT (TCP_TIMEWAIT_LEN),
 *                              measured in the drain tail of the side that held most; null without drain
 * @param latencyUs             "connect" and "cycle", microseconds from the scheduled start
 * @param samples               ticks recorded (each one row per side)
 * @param drainSeconds          length of the drain phase; null without drain
 * @param agentExits            agents that died before the run ended them, in the order noticed
 *                              (empty for a run that ended as planned or by Ctrl-C)
 * @param counters              per side, every counter of the schema generically: counts' totals,
 *                              levels' start, peak and end (empty in a summary written before it)
 * @param nat                   the NAT router's pool and drops; null without {@code --nat-ports}
 */
public record Summary(
        String runId,
        RunOutcome outcome,
        boolean interrupted,
        String endReason,
        Long targetRateCps,
        double loadSeconds,
        long attemptsDue,
        long attemptsStarted,
        long connected,
        long completed,
        long requests,
        long late,
        long notStarted,
        long failed,
        long peerResets,
        long bindRetries,
        double achievedRateCps,
        Map<String, Long> failures,
        Double firstFailureSecond,
        Server server,
        Map<String, SideTimeWait> timeWait,
        TimeWaitSplit timeWaitSplit,
        Double measuredTimeWaitSeconds,
        Map<String, LatencyDigest> latencyUs,
        long samples,
        Double drainSeconds,
        List<AgentExit> agentExits,
        Map<String, SideCounters> counters,
        Nat nat) {

    public Summary {
        if (outcome == null) {
            outcome = RunOutcome.fromLegacy(interrupted, endReason);
        }
        interrupted = outcome.kind() == RunOutcome.Kind.INTERRUPTED;
        endReason = outcome.endReason();
        agentExits = agentExits == null ? List.of() : List.copyOf(agentExits);
        counters = counters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /**
     * The server's counts.
     *
     * @param completed  connections closed after answering
     * @param peerResets completed connections whose end was the client's RST
     * @param listeners  each listening socket's port and how many connections it accepted
     */
    public record Server(long accepted, long completed, long peerResets, long failed, Map<String, Long> failures,
            List<Listener> listeners) {
    }

    public record Listener(int port, long accepted) {
    }

    /**
     * The NAT router's pool and what it dropped.
     *
     * @param portsAvailable       the pool's mappings to one destination: ports x addresses
     * @param peakMappings         most conntrack entries mapped to a NAT address at one tick
     * @param peakTimeWaitEntries  most conntrack entries in TIME_WAIT at one tick
     * @param peakEntries          most conntrack entries of any kind at one tick
     * @param firstDropSecond      end of the first interval in which conntrack's drop or insert_failed
     *                             grew, seconds from Go; null if neither did
     * @param drops                conntrack drop during the run: new connections the router dropped
     * @param insertFailed         conntrack insert_failed during the run: no free mapping for a new connection
     * @param clashResolved        conntrack clash_resolve during the run
     */
    public record Nat(long portsAvailable, long peakMappings, long peakTimeWaitEntries, long peakEntries,
            Double firstDropSecond, long drops, long insertFailed, long clashResolved) {
    }

    /**
     * One side's TIME_WAIT story.
     *
     * @param start           level at Go
     * @param peak            highest level seen
     * @param end             level at the last sample
     * @param entered         TcpExt TW during the run: sockets that entered TIME_WAIT (null in the
     *                        host lab, whose counters are the whole host's, not this side's)
     * @param recycled        TcpExt TWRecycled during the run (null in the host lab)
     * @param overflow        TcpExt TCPTimeWaitOverflow during the run (null in the host lab)
     * @param abortOnData     TcpExt TCPAbortOnData: closes with SO_LINGER 0 that sent an RST (null in the host lab)
     * @param abortOnClose    TcpExt TCPAbortOnClose: closes with unread data that sent an RST (null in the host lab)
     * @param leftBeforeExpiry TIME_WAIT sockets that left during a load shorter than 60 s, when none
     *                        could have expired: recycled by connect() or taken over by a new SYN
     *                        for the same 4-tuple; null for loads of 60 s or more, and in the host lab
     * @param lifetime        how long this side's sockets stayed in TIME_WAIT; null without drain,
     *                        with too few entries, or when sockets left early and out of order
     */
    public record SideTimeWait(long start, long peak, long end, Long entered, Long recycled, Long overflow,
            Long abortOnData, Long abortOnClose, Long leftBeforeExpiry, Lifetime lifetime) {
    }

    /**
     * Time in TIME_WAIT across the sockets from the 1st to the 99th percentile of entry: at least
     * TCP_TIMEWAIT_LEN (60 s), then up to one granule of the kernel's timer wheel longer.
     */
    public record Lifetime(double minSeconds, double medianSeconds, double maxSeconds) {
    }

    /**
     * Where completed connections left TIME_WAIT, when every one leaves it on at least one side:
     * {@code both = entered(client) + entered(server) - completed}, the rest on one side only.
     */
    public record TimeWaitSplit(long clientOnly, long serverOnly, long both) {
        static TimeWaitSplit of(long clientEntered, long serverEntered, long completed) {
            long both = Math.max(0, clientEntered + serverEntered - completed);
            return new TimeWaitSplit(Math.max(0, clientEntered - both), Math.max(0, serverEntered - both), both);
        }
    }
}
