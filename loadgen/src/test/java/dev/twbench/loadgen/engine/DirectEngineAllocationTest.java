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
            long client0 = allocated(clientLoop);
            long server0 = allocated(serverLoop);
            long completed0 = completed.getAsLong();
            long accepted0 = count(server.snapshot(), Counters.ACCEPTED);
            awaitAtLeast(completed, completed0 + MEASURED_CONNECTIONS);
            long clientBytes = allocated(clientLoop) - client0;
            long serverBytes = allocated(serverLoop) - server0;
            long connections = completed.getAsLong() - completed0;
            long accepted = count(server.snapshot(), Counters.ACCEPTED) - accepted0;
            client.stop();
            System.out.printf("direct engine, %s: client loop %d bytes over %d connections, server loop %d bytes over %d%n",
                    order.label(), clientBytes, connections, serverBytes, accepted);
            assertEquals(0, count(client.snapshot(), Counters.FAILED), EngineCounts.describe(client.snapshot()));
            assertTrue(clientBytes <= MAX_BYTES_PER_CONNECTION * connections,
                    "client loop: " + clientBytes + " bytes over " + connections + " connections");
            assertTrue(serverBytes <= MAX_BYTES_PER_CONNECTION * accepted,
                    "server loop: " + serverBytes + " bytes over " + accepted + " connections");
        }
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
