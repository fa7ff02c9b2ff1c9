package dev.twbench.loadgen.agent;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.engine.AllowedDestinations;
import dev.twbench.loadgen.engine.ClientEngine;
import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.lab.LabAddresses;
import dev.twbench.loadgen.lab.NetnsLab;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import dev.twbench.loadgen.scenario.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Load goes only to loopback or to the lab's own link: the client engine itself refuses anything
 * else, wherever it runs, before it opens a socket.
 */
@ResourceLock(LoadLock.CPU) // agent JVM start-ups: kept apart from the tests that time a load
class ClientDestinationTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"8.8.8.8", "10.0.0.1", "192.168.1.1", "198.18.0.1", "198.19.255.254", "198.20.0.1",
            "localhost", "::1", "127.0.0.1.nip.io", ""})
    void theHostNamespaceRefusesEverythingButLoopback(String destination) {
        // The test JVM runs in the host's namespace, which has no lab link: 198.18/15 is not ours here.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientEngine(spec(destination)));
        assertTrue(e.getMessage().startsWith("refusing to send load to " + destination + ":"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "127.1.0.1", "127.255.255.254"})
    void loopbackIsAllowedEverywhere(String destination) {
        assertTrue(AllowedDestinations.isAllowed(destination), destination);
    }

    @Test
    void aClientAgentInTheLabAcceptsItsServerAndRefusesAnyOtherAddress(@TempDir Path dir) {
        LabRequirements.assumeNamespaceLab();
        try (NetnsLab lab = NetnsLab.create(SysctlOverrides.none())) {
            for (String elsewhere : List.of("198.19.0.1", "8.8.8.8")) {
                try (AgentProcess client = AgentProcess.launch(lab, Side.CLIENT, dir.resolve("client.log"))) {
                    AgentException e = assertThrows(AgentException.class, () -> client.call(
                            new Message.StartClient(spec(elsewhere)), Message.Ready.class, Duration.ofSeconds(30)));
                    assertTrue(e.getMessage().contains("refusing to send load to " + elsewhere), e.getMessage());
                }
            }
            // The server's address is on the client's own lab link: accepted (nothing listens, so
            // the agent starts and would meet ECONNREFUSED; this test stops before any load).
            try (AgentProcess client = AgentProcess.launch(lab, Side.CLIENT, dir.resolve("client.log"))) {
                Message.Ready ready = client.call(new Message.StartClient(spec(LabAddresses.SERVER)), Message.Ready.class,
                        Duration.ofSeconds(30));
                assertTrue(ready.pid() == client.pid());
            }
        }
    }

    /** A client with no warm-up, so starting it sends nothing. */
    private static ClientSpec spec(String destination) {
        return new ClientSpec(Transport.EPOLL, destination, List.of(7000), List.of(), CloseOrder.CLIENT_FIRST,
                ClientBind.NONE, null, 100, 1_000, 16, 64, 256, 1_000, 1, 0);
    }
}
