package dev.twbench.loadgen.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.PortRange;
import dev.twbench.loadgen.scenario.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void everyMessageSurvivesOneJsonLine() {
        List<Message> messages = List.of(
                new Message.StartServer(new ServerSpec(Transport.IO_URING, "198.18.0.1", 7000, 2, true, 2,
                        CloseOrder.SERVER_IDLE, 64, 256, 5000, 100, 2)),
                new Message.StartClient(new ClientSpec(Transport.NIO, "198.18.0.1", List.of(7000, 7001),
                        List.of("198.18.0.2", "198.18.1.1"), CloseOrder.HALF_CLOSE, ClientBind.parse("range:40000-40999"),
                        new PortRange(50000, 50999), 2000, 10_000, 256, 64, 256, 5000, 2, 2_000)),
                new Message.Ready(4242, List.of(7000, 7000, 7001, 7001), Map.of("SO_REUSEADDR", true), -1), new Message.Go(), new Message.Stop(),
                new Message.SampleRequest(100, 200),
                new Message.AgentSample(Map.of("attemptsDueCount", 2L, "completedCount", 5L, "failedCount", 10L),
                        Map.of("EADDRNOTAVAIL", 8L), 1, 99, true, List.of(3L, 4L), new LatencyDigest(5, 1, 2, 3, 4),
                        LatencyDigest.EMPTY, new LatencyDigest(50, 10, 20, 30, 40), LatencyDigest.EMPTY,
                        "Tag=cycle,0.100,0.100,0.004,HISTFAAAACl4nJNpmSzMwMDAwQABzFCaEUzKf4CIMNkzAQA\n",
                        Map.of("timeWaitSockets", 12L)),
                new Message.Challenge("00ff", "twbench agent"), new Message.Answer("ab", "cd"),
                new Message.Welcome("ef", "host-1"), new Message.ClockRequest(), new Message.ClockReply(1_700_000_000_000_000L),
                new Message.AnnounceRequest(), new Message.Announcement(List.of("198.18.50.1"), List.of(7000)),
                new Message.ApplySysctls(Map.of("net.ipv4.tcp_tw_reuse", "0")),
                new Message.SysctlsApplied(Map.of("net.ipv4.tcp_tw_reuse", "0")),
                new Message.Ack(), new Message.Failed("bind(..) failed: Address already in use"), new Message.Exit());
        for (Message m : messages) {
            String line = MessageCodec.toLine(m);
            assertFalse(line.contains("\n"), line);
            assertEquals(m, MessageCodec.fromLine(line));
        }
    }
}
