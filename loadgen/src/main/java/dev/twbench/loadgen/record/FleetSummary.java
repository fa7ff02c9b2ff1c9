package dev.twbench.loadgen.record;

import dev.twbench.loadgen.engine.LatencyDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * summary.json of a run across hosts ({@code run --server-agent --client-agent ...}): each host's
 * own story, and the fleet's totals, every one the sum of the hosts' (latencies: their interval
 * histograms added, exactly).
 *
 * @param fleet      the totals over the client hosts
 * @param hosts      by name: {@code server}, then {@code client-1} ... {@code client-N}
 * @param alignment  how closely the hosts' schedules line up
 * @param agentExits agents that died or hung up before the run ended them, in the order noticed
 */
public record FleetSummary(
        String runId,
        RunOutcome outcome,
        String endReason,
        Long targetRateCps,
        double loadSeconds,
        long samples,
        Double drainSeconds,
        Totals fleet,
        Map<String, Host> hosts,
        Alignment alignment,
        List<AgentExit> agentExits) {

    public FleetSummary {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts)); // server first, then client-1 ...
        agentExits = List.copyOf(agentExits);
        endReason = outcome.endReason();
    }

    /**
     * How far apart the client hosts' schedules may be. Every client starts its schedule when its
     * own clock reads the same instant, corrected by its offset as measured (run.json).
     *
     * @param startEpochUs the instant, by the orchestrator's clock, microseconds since the epoch
     * @param clockBoundUs the largest half round trip of the clients' clock measurements: how far
     *                     one client's start may be from that instant
     * @param boundUs      the two largest bounds added: how far apart any two clients' starts may be
     */
    public record Alignment(long startEpochUs, long clockBoundUs, long boundUs) {
    }

    /**
     * The fleet's totals.
     *
     * @param achievedRateCps  completed / the longest client's load seconds
     * @param timeWaitPeak     the highest sum of the client hosts' TIME_WAIT at one tick
     * @param latencyUs        "connect" and "cycle": every client's interval histograms added
     */
    public record Totals(long clients, long attemptsDue, long completed, long failed, Map<String, Long> failures,
            double achievedRateCps, long timeWaitPeak, Map<String, LatencyDigest> latencyUs) {
        public Totals {
            failures = Collections.unmodifiableMap(new TreeMap<>(failures));
            latencyUs = Collections.unmodifiableMap(new LinkedHashMap<>(latencyUs));
        }
    }

    /**
     * One host.
     *
     * @param role               {@code server} or {@code client}
     * @param agent              the agent's address as given ({@code HOST:PORT})
     * @param name               the name the agent gave itself
     * @param targetRateCps      a client's share of the rate; null for the server and for --rate max
     * @param firstFailureSecond seconds from Go to this client's first failure; null if none
     * @param timeWait           this host's TIME_WAIT level: start, peak and end
     * @param counters           every counter of the schema this host reported: counts' totals, levels
     * @param latencyUs          a client's own "connect" and "cycle" since Go (its agent's totals)
     */
    public record Host(String role, String agent, String name, Long targetRateCps, long attemptsDue, long completed,
            long failed, Map<String, Long> failures, Double firstFailureSecond, double loadSeconds,
            LevelStats timeWait, SideCounters counters, Map<String, LatencyDigest> latencyUs) {
        public Host {
            failures = Collections.unmodifiableMap(new TreeMap<>(failures));
            latencyUs = Collections.unmodifiableMap(new LinkedHashMap<>(latencyUs));
        }
    }
}
