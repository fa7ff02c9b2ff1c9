package dev.twbench.bench.cli;

import dev.twbench.loadgen.fleet.FleetSpec;
import dev.twbench.loadgen.remote.AgentEndpoint;
import dev.twbench.loadgen.remote.AgentToken;
import dev.twbench.loadgen.scenario.Durations;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code run}'s options for a run across hosts: where the agents are ({@code twbench agent
 * --listen} on each host), the token they share, and how the rate is split among the clients.
 *
 * <pre>{@code
 * Optional<FleetSpec> fleet = fleetOptions.spec();   // empty without --server-agent/--client-agent
 * }</pre>
 */
final class FleetOptions {
    @Option(names = "--server-agent", paramLabel = "HOST:PORT",
            description = "run across hosts: the server's agent ('twbench agent --listen' there); needs --client-agent")
    private String serverAgent;

    @Option(names = "--client-agent", paramLabel = "HOST:PORT",
            description = "a client host's agent, repeatable: client-1, client-2, ... in this order; the rate is split"
                    + " among them")
    private List<String> clientAgents = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "the token the agents were started with (the same file); it never travels")
    private Path tokenFile;

    @Option(names = "--client-weights", paramLabel = "W,W,...", split = ",",
            description = "each client agent's share of the rate, e.g. 1,1,2 (default: equal shares)")
    private List<Integer> clientWeights = new ArrayList<>();

    @Option(names = "--agent-wait", paramLabel = "TIME", defaultValue = "0s",
            description = "keep trying agents that do not answer yet this long, e.g. while their pods start"
                    + " (default: ${DEFAULT-VALUE}: one try each)")
    private String agentWait;

    /** The fleet the options name, checked; empty for a run on this machine. */
    Optional<FleetSpec> spec() {
        if (serverAgent == null) {
            if (!clientAgents.isEmpty()) {
                throw InvalidScenarioException.of("--client-agent", clientAgents.get(0),
                        "needs --server-agent HOST:PORT: client agents load only a server agent's announced addresses");
            }
            if (tokenFile != null || !clientWeights.isEmpty()) {
                throw InvalidScenarioException.of(tokenFile != null ? "--token-file" : "--client-weights",
                        tokenFile != null ? tokenFile : clientWeights, "is for a run across hosts: give --server-agent"
                                + " and --client-agent too");
            }
            return Optional.empty();
        }
        AgentEndpoint server = AgentEndpoint.parse("--server-agent", serverAgent);
        if (clientAgents.isEmpty()) {
            throw InvalidScenarioException.of("--server-agent", serverAgent, "needs at least one --client-agent HOST:PORT");
        }
        List<AgentEndpoint> clients = clientAgents.stream().map(c -> AgentEndpoint.parse("--client-agent", c)).toList();
        if (tokenFile == null) {
            throw InvalidScenarioException.of("--server-agent", serverAgent,
                    "needs --token-file FILE, the token its agents were started with");
        }
        AgentToken token = AgentToken.read("--token-file", tokenFile);
        long waitMs = Durations.parseMs("--agent-wait", agentWait, 0, 3_600_000);
        return Optional.of(new FleetSpec(server, clients, clientWeights, token, tokenFile.toString(), waitMs));
    }
}
