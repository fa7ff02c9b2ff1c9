package dev.twbench.loadgen.engine;

import static dev.twbench.loadgen.engine.EngineCounts.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Transport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The direct engine's hot path allocates nothing per connection: connection slots are reused,
 * reads land in one buffer per loop, errnos are named from a table. Measured by the JVM's own
 * count of the bytes each loop thread allocated, over tens of thousands of connections after a
 * warm-up (the JIT compiled, the slots made). One object per connection would be 16 bytes or
 * more; what is left is a few bytes, once, such as a histogram growing to a new latency range.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Isolated("it finds the engine's loop threads by name, which every direct engine in this JVM shares")
class DirectEngineAllocationTest {
    private static final int IN_FLIGHT = 16;
    private static final long WARM_CONNECTIONS = 30_000;
    private static final long MEASURED_CONNECTIONS = 50_000;
    /** Bytes per connection at most: far below one object per connection. */
    private static final double MAX_BYTES_PER_CONNECTION = 2.0;
    private static final int WINDOWS = 3;

    @ParameterizedTest
    @EnumSource(value = CloseOrder.class, names = {"CLIENT_RST", "CLIENT_FIRST", "SERVER_FIRST"})
    void neitherLoopAllocatesPerConnection(CloseOrder order) throws Exception {
        try (ServerEngine server = ServerEngine.start(new ServerSpec(Transport.DIRECT, EngineContract.LOOPBACK, 0, 1,
                true, 0, order, 100, 1_000, 60_000, 300, 1));
                ClientEngine client = new ClientEngine(new ClientSpec(Transport.DIRECT, EngineContract.LOOPBACK,
                        server.listenerPorts(), List.of(EngineContract.LOOPBACK), order, ClientBind.NONE, null, 0,
                        TimeUnit.MINUTES.toMillis(2), IN_FLIGHT, 100, 1_000, 60_000, 1, 0))) {
            server.markLoadStart();
            client.start();
            LongSupplier completed = () -> count(client.snapshot(), Counters.COMPLETED);
            awaitAtLeast(completed, WARM_CONNECTIONS);
            Thread clientLoop = thread("twbench-direct-client-0");
            Thread serverLoop = thread("twbench-direct-server-0");
            // A window may hold a one-off: a CI run's server loop allocated 225,888 bytes over 50,117
            // connections once (not explained; code deoptimized on a busy machine, running unoptimized
            // for a while, is one candidate). One object per connection shows in every window, so the
            // best of three is held to the bound.
            Window best = null;
            for (int i = 0; i < WINDOWS && (best == null || !best.withinBound()); i++) {
                Window w = measure(client, server, completed, clientLoop, serverLoop);
                System.out.printf("direct engine, %s, window %d: %s%n", order.label(), i + 1, w);
                best = best == null || w.bytesPerConnection() < best.bytesPerConnection() ? w : best;
            }
            client.stop();
            assertEquals(0, count(client.snapshot(), Counters.FAILED), EngineCounts.describe(client.snapshot()));
            assertTrue(best.withinBound(), "the best of " + WINDOWS + " windows: " + best);
        }
    }

    /** What each loop thread allocated over one window of connections. */
    private record Window(long clientBytes, long connections, long serverBytes, long accepted) {
        double bytesPerConnection() {
            return Math.max((double) clientBytes / connections, (double) serverBytes / accepted);
        }

        boolean withinBound() {
            return clientBytes <= MAX_BYTES_PER_CONNECTION * connections && serverBytes <= MAX_BYTES_PER_CONNECTION * accepted;
        }

        @Override
        public String toString() {
            return "client loop " + clientBytes + " bytes over " + connections + " connections, server loop " + serverBytes
                    + " bytes over " + accepted;
        }
    }

    private static Window measure(ClientEngine client, ServerEngine server, LongSupplier completed, Thread clientLoop,
            Thread serverLoop) throws InterruptedException {
        long client0 = allocated(clientLoop);
        long server0 = allocated(serverLoop);
        long completed0 = completed.getAsLong();
        long accepted0 = count(server.snapshot(), Counters.ACCEPTED);
        awaitAtLeast(completed, completed0 + MEASURED_CONNECTIONS);
        return new Window(allocated(clientLoop) - client0, completed.getAsLong() - completed0,
                allocated(serverLoop) - server0, count(server.snapshot(), Counters.ACCEPTED) - accepted0);
    }

    private static void awaitAtLeast(LongSupplier count, long target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (count.getAsLong() < target) {
            assertTrue(System.nanoTime() < deadline, "only " + count.getAsLong() + " of " + target + " connections");
            Thread.sleep(20);
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    private static long allocated(Thread thread) {
        long bytes = ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(thread.getId());
        assertTrue(bytes >= 0, "the JVM measures allocation per thread");
        return bytes;
    }
}
