package dev.twbench.loadgen.record;

import dev.twbench.loadgen.agent.Message;
import java.util.Map;
import java.util.TreeMap;

/**
 * An agent's counts: cumulative as reported, or the difference between two reports.
 * {@code inFlight} is a level, not a count: started (client) or accepted (server) minus ended.
 *
 * @param peerResets  connections completed whose end was the peer's RST (ECONNRESET)
 * @param bindRetries extra ports the range bind mode tried
 */
public record AgentCounts(long due, long started, long connected, long completed, long late, long accepted,
        long peerResets, long bindRetries, long failed, Map<String, Long> failures) {

    public static final AgentCounts ZERO = new AgentCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

    public AgentCounts {
        failures = Map.copyOf(failures);
    }

    public static AgentCounts of(Message.AgentSample s) {
        return new AgentCounts(s.due(), s.started(), s.connected(), s.completed(), s.late(), s.accepted(),
                s.peerResets(), s.bindRetries(), s.failed(), s.failures());
    }

    public AgentCounts minus(AgentCounts earlier) {
        Map<String, Long> diff = new TreeMap<>(failures);
        earlier.failures.forEach((k, v) -> diff.merge(k, -v, Long::sum));
        diff.values().removeIf(v -> v == 0);
        return new AgentCounts(due - earlier.due, started - earlier.started, connected - earlier.connected,
                completed - earlier.completed, late - earlier.late, accepted - earlier.accepted,
                peerResets - earlier.peerResets, bindRetries - earlier.bindRetries, failed - earlier.failed, diff);
    }

    /** Connections open: begun (started or accepted) and not yet ended. */
    public long inFlight() {
        return started + accepted - completed - failed;
    }
}
