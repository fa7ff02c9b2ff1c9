package dev.twbench.loadgen.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived agent on loopback, in this JVM: who it lets in, and what a client agent agrees to
 * load. Nothing here sends load: clients are started and stopped before Go.
 */
class AgentServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void theRightTokenIsWelcomedAndTheWrongOneRefusedAndLogged() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (AgentServer agent = start(token("the-right-token-1234"), log, false)) {
            AgentEndpoint at = new AgentEndpoint("127.0.0.1", agent.port());
            try (RemoteAgent ok = RemoteAgent.connect(at, token("the-right-token-1234"), TIMEOUT)) {
                assertEquals("test-agent", ok.name());
                // One machine, one clock: the offset measured must lie within the bound it claims.
                AgentClock clock = ok.measureClock(3, TIMEOUT);
                assertTrue(Math.abs(clock.offsetUs()) <= clock.boundUs(), clock.toString());
            }
            AgentRefusedException refused = assertThrows(AgentRefusedException.class,
                    () -> RemoteAgent.connect(at, token("a-wrong-token-56789"), TIMEOUT));
            assertTrue(refused.getMessage().contains("refused the connection: refused: wrong token"), refused.getMessage());
            // The agent logs after it has answered: wait for the line.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!log.toString(StandardCharsets.UTF_8).contains("refused 127.0.0.1: wrong token (failure 1")
                    && System.nanoTime() < deadline) {
                sleepMs(20);
            }
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("refused 127.0.0.1: wrong token (failure 1"),
                    log.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void repeatedFailuresFromOneAddressWaitLongerEachTime() throws IOException {
        FailureThrottle throttle = new FailureThrottle();
        InetAddress peer = InetAddress.getByName("198.18.50.9");
        assertEquals(0, throttle.delayMs(peer));
        throttle.failed(peer);
        assertEquals(250, throttle.delayMs(peer));
        throttle.failed(peer);
        throttle.failed(peer);
        assertEquals(1_000, throttle.delayMs(peer));
        for (int i = 0; i < 20; i++) {
            throttle.failed(peer);
        }
        assertEquals(FailureThrottle.MAX_DELAY_MS, throttle.delayMs(peer));
        throttle.succeeded(peer);
        assertEquals(0, throttle.delayMs(peer));
    }

    @Test
    void aClientAgentRefusesATargetItsServerAgentDidNotAnnounce() throws IOException {
        AgentToken token = token("shared-token-abcdefgh");
        try (AgentServer serverAgent = start(token, new ByteArrayOutputStream(), false);
                AgentServer clientAgent = start(token, new ByteArrayOutputStream(), false)) {
            AgentEndpoint serverAt = new AgentEndpoint("127.0.0.1", serverAgent.port());
            try (RemoteAgent server = RemoteAgent.connect(serverAt, token, TIMEOUT);
                    RemoteAgent client = RemoteAgent.connect(new AgentEndpoint("127.0.0.1", clientAgent.port()), token,
                            TIMEOUT)) {
                Message.Ready ready = server.call(startServer(), Message.Ready.class, TIMEOUT);
                int port = ready.listenerPorts().get(0);
                Message.Announcement announced = server.call(new Message.AnnounceRequest(), Message.Announcement.class,
                        TIMEOUT);
                assertEquals(List.of("127.0.0.1"), announced.addresses());
                AgentException refused = assertThrows(AgentException.class, () -> client.call(
                        new Message.StartClient(clientSpec("127.0.0.2", port), serverAt.toString()), Message.Ready.class,
                        TIMEOUT));
                assertTrue(refused.getMessage().contains("refusing to send load to 127.0.0.2 port(s) [" + port
                        + "]: the server agent at " + serverAt + " announced [127.0.0.1]"), refused.getMessage());
                // The announced address is accepted: the client starts (and is ended before any Go).
                client.call(new Message.StartClient(clientSpec("127.0.0.1", port), serverAt.toString()),
                        Message.Ready.class, TIMEOUT);
            }
        }
    }

    @Test
    void aSecondRunIsRefusedAsBusyAndTakenOnceTheFirstHasEnded() throws IOException {
        AgentToken token = token("shared-token-abcdefgh");
        try (AgentServer agent = start(token, new ByteArrayOutputStream(), false)) {
            AgentEndpoint at = new AgentEndpoint("127.0.0.1", agent.port());
            RemoteAgent first = RemoteAgent.connect(at, token, TIMEOUT);
            first.call(startServer(), Message.Ready.class, TIMEOUT);
            try (RemoteAgent second = RemoteAgent.connect(at, token, TIMEOUT)) {
                // Connecting is allowed (a client agent asks for the announcement that way); a run is not.
                AgentException busy = assertThrows(AgentException.class,
                        () -> second.call(startServer(), Message.Ready.class, TIMEOUT));
                assertTrue(busy.getMessage().contains("busy: this agent serves one run at a time"), busy.getMessage());
            }
            first.close(); // the first orchestrator goes: its run ends with its connection
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                try (RemoteAgent third = RemoteAgent.connect(at, token, TIMEOUT)) {
                    assertFalse(third.call(startServer(), Message.Ready.class, TIMEOUT).listenerPorts().isEmpty());
                    break;
                } catch (AgentException stillBusy) {
                    // The agent ends the first run when it reads the end of that connection.
                    assertTrue(stillBusy.getMessage().contains("busy") && System.nanoTime() < deadline,
                            stillBusy.getMessage());
                    sleepMs(50);
                }
            }
        }
    }

    private static Message.StartServer startServer() {
        return new Message.StartServer(new ServerSpec(Transport.NIO, "127.0.0.1", 0, 1, true, 0,
                CloseOrder.CLIENT_FIRST, 64, 256, 1_000, 100, 1));
    }

    @Test
    void aSysctlIsRefusedUnlessTheAgentAllowsThem() throws IOException {
        AgentToken token = token("shared-token-abcdefgh");
        try (AgentServer agent = start(token, new ByteArrayOutputStream(), false);
                RemoteAgent orchestrator = RemoteAgent.connect(new AgentEndpoint("127.0.0.1", agent.port()), token,
                        TIMEOUT)) {
            AgentException refused = assertThrows(AgentException.class, () -> orchestrator.call(
                    new Message.ApplySysctls(java.util.Map.of("net.ipv4.tcp_tw_reuse", "1")),
                    Message.SysctlsApplied.class, TIMEOUT));
            assertTrue(refused.getMessage().contains("started without --allow-sysctl"), refused.getMessage());
        }
    }

    @Test
    void aMissingOrShortTokenFileIsBadInput() throws IOException {
        InvalidScenarioException missing = assertThrows(InvalidScenarioException.class,
                () -> AgentToken.read("--token-file", dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
        assertFalse(assertThrows(InvalidScenarioException.class, () -> AgentToken.read("--token-file", shortToken))
                .getMessage().isEmpty());
    }

    private AgentServer start(AgentToken token, ByteArrayOutputStream log, boolean allowSysctl) throws IOException {
        return AgentServer.start(new AgentServer.Config(new AgentEndpoint("127.0.0.1", 0), token,
                AllowList.parse("--allow", List.of()), allowSysctl, 0, "test-agent"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private AgentToken token(String secret) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "token", ""), secret);
        return AgentToken.read("--token-file", file);
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ClientSpec clientSpec(String destination, int port) {
        return new ClientSpec(Transport.NIO, destination, List.of(port), List.of(), CloseOrder.CLIENT_FIRST,
                ClientBind.NONE, null, 100, 1_000, 16, 64, 256, 1_000, 1, 0);
    }
}
