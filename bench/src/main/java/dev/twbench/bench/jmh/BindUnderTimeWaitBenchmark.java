package dev.twbench.bench.jmh;

import dev.twbench.loadgen.agent.AgentCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bind() of a restarting server's port while that port holds {@code timeWait} TIME_WAIT
 * sockets from the previous server: with SO_REUSEADDR on the old listener and the new socket
 * it succeeds, without it fails with EADDRINUSE (the {@code eaddrinuse} column counts each).
 * What the number shows is the price of checking the port's sockets for a conflict, which
 * the kernel does one by one.
 *
 * <p>Run alone: {@code java -jar bench/target/benchmarks.jar BindUnderTimeWait -prof timewait}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = AgentCommand.IPV4_ONLY) // IPv4 sockets, as the agents use
@Warmup(iterations = SuiteDefaults.WARMUP_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@Measurement(iterations = SuiteDefaults.MEASUREMENT_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@State(Scope.Benchmark)
public class BindUnderTimeWaitBenchmark {
    @Param({"0", "10000", "50000"})
    public int timeWait;

    @Param({"true", "false"})
    public boolean reuseAddress;

    private InetSocketAddress port;

    @Setup(Level.Trial)
    public void previousServerLeftTimeWait() throws IOException {
        // A port of its own per combination: TIME_WAIT of a listener without SO_REUSEADDR would
        // keep the next combination from even listening there.
        int number = 6_000 + timeWait / 1_000 + (reuseAddress ? 100 : 0);
        long made = TimeWaitMaker.onServer(number, reuseAddress, timeWait);
        if (made < timeWait) {
            throw new IllegalStateException("made " + made + " of " + timeWait + " TIME_WAIT sockets on port " + number);
        }
        port = new InetSocketAddress(TimeWaitMaker.LOOPBACK, number);
    }

    @Benchmark
    public boolean bind(ErrnoCounters errors) throws IOException {
        try (ServerSocketChannel restarted = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            restarted.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            restarted.bind(port);
            return true;
        } catch (IOException e) {
            errors.record(e);
            return false;
        }
    }
}
