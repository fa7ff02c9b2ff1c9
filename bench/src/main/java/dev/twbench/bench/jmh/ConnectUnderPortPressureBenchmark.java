package dev.twbench.bench.jmh;

import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.lab.NamespaceSysctls;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * connect() to one destination while {@code filledPercent} of the client's ephemeral ports hold
 * TIME_WAIT towards it (10,000 ports, tcp_tw_reuse=0): the slow-down users see before
 * EADDRNOTAVAIL, as connect() searches the range for a free port. Each operation connects and
 * resets (SO_LINGER 0), so it leaves no TIME_WAIT and the fill stays where it was put.
 *
 * <p>Run alone: {@code java -jar bench/target/benchmarks.jar ConnectUnderPortPressure -prof timewait}
 * (it sets the two sysctls, so it needs the default isolated namespace).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = AgentCommand.IPV4_ONLY) // IPv4 sockets, as the agents use
@Warmup(iterations = SuiteDefaults.WARMUP_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@Measurement(iterations = SuiteDefaults.MEASUREMENT_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@State(Scope.Benchmark)
public class ConnectUnderPortPressureBenchmark {
    static final int PORTS = 10_000;
    private static final int SERVER_PORT = 7_100;

    @Param({"0", "50", "90", "99"})
    public int filledPercent;

    /** Put back at the end: later benchmarks in this namespace expect its usual range and reuse. */
    private final List<NamespaceSysctls.Change> changed = new ArrayList<>();
    private ServerSocketChannel listener;
    private Thread acceptor;
    private InetSocketAddress server;

    @Setup(Level.Trial)
    public void fillThePortRange() throws IOException {
        // Each fill level gets a range of its own, so what an earlier level left (TIME_WAIT lasts
        // 60 s, longer than a trial) is outside the range this one searches.
        int low = 20_000 + PORTS * switch (filledPercent) {
            case 0 -> 0;
            case 50 -> 1;
            case 90 -> 2;
            default -> 3;
        };
        NamespaceSysctls.require(NamespaceSysctl.IP_LOCAL_PORT_RANGE, low + " " + (low + PORTS - 1))
                .ifPresent(changed::add);
        NamespaceSysctls.require(NamespaceSysctl.TCP_TW_REUSE, "0").ifPresent(changed::add);
        try {
            int destination = SERVER_PORT + filledPercent;
            long held = TimeWaitMaker.onClient(destination, PORTS * filledPercent / 100);
            if (held < PORTS * filledPercent / 100) {
                throw new IllegalStateException("only " + held + " ports hold TIME_WAIT, " + filledPercent
                        + " % wanted");
            }
            listener = TimeWaitMaker.listener(destination, true);
            server = new InetSocketAddress(TimeWaitMaker.LOOPBACK, destination);
        } catch (IOException | RuntimeException e) {
            changed.forEach(NamespaceSysctls.Change::undo); // JMH runs no teardown after a failed setup
            throw e;
        }
        acceptor = new Thread(this::acceptAndDrop, "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAndDrop() {
        try {
            while (true) {
                listener.accept().close();
            }
        } catch (IOException closed) {
            // the trial is over
        }
    }

    @Benchmark
    public boolean connect(ErrnoCounters errors) throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            client.setOption(StandardSocketOptions.SO_LINGER, 0); // reset on close: no TIME_WAIT
            client.connect(server);
            return true;
        } catch (IOException e) {
            errors.record(e);
            return false;
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
        changed.forEach(NamespaceSysctls.Change::undo);
        if (listener != null) {
            listener.close();
            acceptor.join(1_000);
        }
    }
}
