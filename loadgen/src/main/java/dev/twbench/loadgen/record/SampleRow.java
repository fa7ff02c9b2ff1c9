package dev.twbench.loadgen.record;

import dev.twbench.loadgen.probe.TcpExt;
import dev.twbench.loadgen.scenario.Side;
import java.util.OptionalLong;

/**
 * One line of timeseries.csv: what one side looked like at the end of one interval.
 *
 * @param elapsedMs   since the load started (Go)
 * @param timeWait    TIME_WAIT sockets held by the side; empty when not read at this tick
 * @param tcpInUse    TCP sockets in use in the side's namespace
 * @param tcpExtDelta TcpExt counters during the interval
 * @param counts      the side's agent counts during the interval
 * @param inFlight    connections open at the end of the interval
 * @param connect     client connect latency during the interval (empty on the server)
 * @param cycle       client whole-cycle latency during the interval (empty on the server)
 * @param agentRssKiB the side's agent's resident set at the tick; empty once the agent is gone
 * @param orchestratorHeapUsedKiB the orchestrator's heap in use at the tick (the same on both sides' rows)
 * @param orchestratorHeapAfterGcKiB its heap in use after its latest collection; empty before the first
 */
public record SampleRow(long elapsedMs, Side side, Phase phase, OptionalLong timeWait, long tcpInUse,
        TcpExt tcpExtDelta, AgentCounts counts, long inFlight, LatencyDigest connect, LatencyDigest cycle,
        OptionalLong agentRssKiB, long orchestratorHeapUsedKiB, OptionalLong orchestratorHeapAfterGcKiB) {
}
