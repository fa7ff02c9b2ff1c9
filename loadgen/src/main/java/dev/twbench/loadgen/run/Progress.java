package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.AgentCounts;
import dev.twbench.loadgen.record.Phase;

/**
 * Where a run is at one tick, for a live display.
 *
 * @param timeWaitClient last TIME_WAIT level read on the client side
 * @param client         the client's cumulative counts
 * @param server         the server's cumulative counts
 */
public record Progress(long elapsedMs, Phase phase, long timeWaitClient, long timeWaitServer, AgentCounts client,
        AgentCounts server) {
}
