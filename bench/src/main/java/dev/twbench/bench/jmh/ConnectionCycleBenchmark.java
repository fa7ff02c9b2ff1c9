package dev.twbench.bench.jmh;

import dev.twbench.loadgen.lab.NamespaceSysctls;
import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.engine.ClientEngine;
import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.ServerEngine;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.Transport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Connection cycles per second: connect, 64-byte request, 256-byte response, close in the
 * given order, with twbench's own client and server engines (the code {@code run} uses) in one
 * JVM over loopback, {@value #IN_FLIGHT} connections in flight. What the churn lab cannot
 * isolate: what each close order and each transport costs per connection, without two agents,
 * veth and sampling around it. With {@code -prof timewait} the client-first cycle shows about
 * one TIME_WAIT entered per operation, the RST cycles none.
 *
 * <p>Run alone: {@code java -jar bench/target/benchmarks.jar ConnectionCycle -prof timewait}
 * (one close order: {@code -p close=client-first}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The agents' JVM flags: IPv4 sockets, and io_uring polls that do not lose RSTs.
@Fork(value = 1, jvmArgsAppend = {AgentCommand.IPV4_ONLY, AgentCommand.IO_URING_SINGLE_SHOT_POLL})
@Warmup(iterations = SuiteDefaults.WARMUP_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@Measurement(iterations = SuiteDefaults.MEASUREMENT_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@State(Scope.Benchmark)
public class ConnectionCycleBenchmark {
    /** Cycles per benchmark call: enough that starting and joining a batch costs little. */
    static final int BATCH = 200;
    static final int IN_FLIGHT = 16;

    @Param({"client-first", "server-first", "simultaneous", "client-rst", "server-rst", "half-close"})
    public String close;

    @Param({"direct", "epoll", "io_uring", "nio"})
    public String transport;

    private ServerEngine server;
    private ClientEngine client;

    /** Put back at the end: later benchmarks in this namespace expect its usual settings. */
    private Optional<NamespaceSysctls.Change> reuse = Optional.empty();

    @Setup(Level.Trial)
    public void start() {
        // A client closing first needs its TIME_WAIT reused to keep up (tcp_tw_reuse 1, or 2 on
        // loopback): a host with 0 would make this a measure of EADDRNOTAVAIL.
        if (NamespaceSysctls.read(NamespaceSysctl.TCP_TW_REUSE).equals("0")) {
            reuse = NamespaceSysctls.require(NamespaceSysctl.TCP_TW_REUSE, "2");
        }
        CloseOrder order = CloseOrder.parse(close);
        Transport t = Transport.parse(transport);
        server = ServerEngine.start(new ServerSpec(t, TimeWaitMaker.LOOPBACK, 0, 1, true, 0, order, 64, 256, 5_000,
                100, 1));
        server.markLoadStart();
        client = new ClientEngine(new ClientSpec(t, TimeWaitMaker.LOOPBACK, server.listenerPorts(),
                List.of(TimeWaitMaker.LOOPBACK), order, ClientBind.NONE, null, 0, 0, IN_FLIGHT, 64, 256, 5_000, 1, 0));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long cycle(ErrnoCounters errors) {
        ClientEngine.Batch batch = client.runCycles(BATCH);
        errors.recordAll(batch.failures());
        return batch.completed();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        server.close();
        reuse.ifPresent(NamespaceSysctls.Change::undo);
    }
}
