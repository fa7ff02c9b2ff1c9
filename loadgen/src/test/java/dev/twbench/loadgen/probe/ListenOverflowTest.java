package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schema's listen-queue counters, read the way a run reads each side ({@code /proc/<pid>/net}),
 * grow when a server's accept queue is full: a listener with a backlog of 1 that never accepts
 * (a paused accept loop) holds two connections; the kernel drops every further SYN and counts it
 * in TcpExt ListenOverflows and ListenDrops. On loopback in this JVM's own namespace, as any user:
 * other traffic there can only add to the counts, so the test asserts a floor.
 */
class ListenOverflowTest {
    private static final int BACKLOG = 1;
    private static final int CONNECTS = 8;
    /** A full queue holds backlog + 1 connections; every SYN beyond them is dropped. */
    private static final int DROPPED = CONNECTS - (BACKLOG + 1);

    @Test
    void aFullAcceptQueueCountsListenOverflowsAndListenDrops() throws Exception {
        long self = ProcessHandle.current().pid();
        List<SocketChannel> clients = new ArrayList<>();
        try (ServerSocketChannel pausedListener = ServerSocketChannel.open()) {
            pausedListener.bind(new InetSocketAddress("127.0.0.1", 0), BACKLOG);
            CounterValues before = NamespaceProbe.readPid(self);
            for (int i = 0; i < CONNECTS; i++) {
                SocketChannel client = SocketChannel.open();
                clients.add(client);
                client.configureBlocking(false);
                client.connect(pausedListener.getLocalAddress());
            }
            // The first SYNs are dropped as they arrive; poll (a loaded machine delivers late), never sleep blind.
            CounterValues grew = awaitGrowth(self, before, 10_000);
            assertTrue(grew.getOrZero(Counters.LISTEN_OVERFLOWS) >= DROPPED, "ListenOverflows: " + grew);
            assertTrue(grew.getOrZero(Counters.LISTEN_DROPS) >= DROPPED, "ListenDrops: " + grew);
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    private static CounterValues awaitGrowth(long pid, CounterValues before, long timeoutMs)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            CounterValues grew = NamespaceProbe.readPid(pid).since(before);
            if (grew.getOrZero(Counters.LISTEN_OVERFLOWS) >= DROPPED || System.nanoTime() > deadline) {
                return grew;
            }
            Thread.sleep(20);
        }
    }
}
