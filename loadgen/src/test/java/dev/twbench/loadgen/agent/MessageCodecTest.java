package dev.twbench.loadgen.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.NettyTransport;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.scenario.CloseOrder;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void everyMessageSurvivesOneJsonLine() {
        List<Message> messages = List.of(
                new Message.StartServer(new ServerSpec(NettyTransport.EPOLL, "198.18.0.1", 7000,
                        CloseOrder.SERVER_FIRST, 64, 256, 5000, 2, true)),
                new Message.StartClient(new ClientSpec(NettyTransport.EPOLL, "198.18.0.1", 7000,
                        CloseOrder.CLIENT_FIRST, 2000, 10_000, 256, 64, 256, 5000, 2, 2_000)),
                new Message.Ready(4242, 7000), new Message.Go(), new Message.Stop(), new Message.SampleRequest(),
                new Message.AgentSample(1, 2, 3, 4, 5, 6, 7, 8, Map.of("EADDRNOTAVAIL", 8L), 99, true, "a", "b"),
                new Message.Ack(), new Message.Failed("bind(..) failed: Address already in use"), new Message.Exit());
        for (Message m : messages) {
            String line = MessageCodec.toLine(m);
            assertFalse(line.contains("\n"), line);
            assertEquals(m, MessageCodec.fromLine(line));
        }
    }

    @Test
    void histogramsTravelCompressed() {
        Histogram h = new Histogram(3);
        for (int v = 1; v <= 1000; v++) {
            h.recordValue(v);
        }
        Histogram back = MessageCodec.decode(MessageCodec.encode(h));
        assertEquals(h.getTotalCount(), back.getTotalCount());
        assertEquals(h.getValueAtPercentile(99), back.getValueAtPercentile(99));
    }
}
