package dev.twbench.loadgen.fleet;

import dev.twbench.loadgen.remote.AgentEndpoint;
import dev.twbench.loadgen.remote.AgentToken;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.util.List;

/**
 * Where a run across hosts runs: the server agent, the client agents in order (they become
 * {@code client-1} ... {@code client-N}), each client's share of the rate, the token, and how long
 * to keep trying to reach agents that are not up yet.
 *
 * <pre>{@code
 * FleetSpec fleet = FleetSpec.of(server, List.of(c1, c2, c3), List.of(), token, 0);   // rate/3 each
 * fleet.shareCps(1, 450);                                                              // 150
 * }</pre>
 *
 * @param weights     each client's weight ({@code --client-weights}); empty for equal shares
 * @param agentWaitMs keep retrying unreachable agents this long ({@code --agent-wait}); 0 tries once
 */
public record FleetSpec(AgentEndpoint server, List<AgentEndpoint> clients, List<Integer> weights, AgentToken token,
        String tokenFile, long agentWaitMs) {
    public static final int MAX_CLIENTS = 256;

    public FleetSpec {
        clients = List.copyOf(clients);
        weights = List.copyOf(weights);
        if (clients.isEmpty() || clients.size() > MAX_CLIENTS) {
            throw InvalidScenarioException.of("--client-agent", clients.size() + " agents",
                    "give 1 to " + MAX_CLIENTS + " client agents with --server-agent");
        }
        if (!weights.isEmpty() && weights.size() != clients.size()) {
            throw InvalidScenarioException.of("--client-weights", weights, "needs one weight per --client-agent ("
                    + clients.size() + ")");
        }
        if (weights.stream().anyMatch(w -> w < 1)) {
            throw InvalidScenarioException.of("--client-weights", weights, "weights must be whole numbers of 1 or more");
        }
    }

    /** {@code client-N} for the client at index {@code i} (0-based). */
    public static String clientName(int i) {
        return "client-" + (i + 1);
    }

    /**
     * Client {@code i}'s share of {@code totalCps}: by weight, rounded so the shares add up to the total
     * (the last client takes what rounding left).
     */
    public long shareCps(int i, long totalCps) {
        int n = clients.size();
        long weightSum = weights.isEmpty() ? n : weights.stream().mapToLong(Integer::longValue).sum();
        long before = 0;
        for (int k = 0; k < i; k++) {
            before += totalCps * weight(k) / weightSum;
        }
        return i == n - 1 ? totalCps - before : totalCps * weight(i) / weightSum;
    }

    private long weight(int i) {
        return weights.isEmpty() ? 1 : weights.get(i);
    }
}
