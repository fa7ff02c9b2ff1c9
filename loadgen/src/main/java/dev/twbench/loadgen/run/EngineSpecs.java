package dev.twbench.loadgen.run;

import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.HttpSpec;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.scenario.Protocol;
import dev.twbench.loadgen.scenario.Scenario;
import java.util.List;

/**
 * The engines' specs as a scenario asks for them, for the lab's agents and a fleet's alike.
 *
 * <pre>{@code
 * ServerSpec server = EngineSpecs.server(scenario, "198.18.0.1");
 * ClientSpec client = EngineSpecs.client(scenario, "198.18.0.1", List.of(7000), sources, 150);
 * }</pre>
 */
public final class EngineSpecs {
    private EngineSpecs() {
    }

    public static ServerSpec server(Scenario scenario, String address) {
        return server(scenario, address, scenario.serverPort());
    }

    public static ServerSpec server(Scenario scenario, String address, int port) {
        return new ServerSpec(scenario.transport(), address, port, scenario.serverPorts(),
                scenario.serverReuseAddress(), scenario.serverReusePort(), scenario.closeOrder(),
                scenario.protocol().requestBytes(scenario.requestBytes()),
                scenario.protocol().responseBytes(scenario.responseBytes()), scenario.timeoutMs(),
                scenario.idleTimeoutMs(), scenario.agentThreads().server(), scenario.protocol() == Protocol.HTTP1);
    }

    /** @param ratePerSecond this client's rate: the scenario's, or a fleet client's share of it */
    public static ClientSpec client(Scenario scenario, String serverAddress, List<Integer> serverPorts,
            List<String> sourceAddresses, long ratePerSecond) {
        return new ClientSpec(scenario.transport(), serverAddress, serverPorts, sourceAddresses, scenario.closeOrder(),
                scenario.clientBind(), scenario.clientPortRange(), ratePerSecond, scenario.durationMs(),
                scenario.maxInFlight(), scenario.protocol().requestBytes(scenario.requestBytes()),
                scenario.protocol().responseBytes(scenario.responseBytes()), scenario.timeoutMs(),
                scenario.agentThreads().client(), scenario.warmupMs(), scenario.protocol() == Protocol.HTTP1
                        ? new HttpSpec(scenario.httpPath(), scenario.requestsPerConnection()) : null);
    }
}
