package dev.twbench.bench.jmh;

import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.probe.NamespaceProbe;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one side's reading costs the orchestrator at every tick: {@code /proc/<pid>/net/sockstat}
 * (the TIME_WAIT count) and {@code /proc/<pid>/net/netstat} (the TcpExt counters), read and
 * parsed. twbench samples both sides every 100 ms by default, so this must stay far below a
 * millisecond, whatever the number of sockets (sockstat is O(1), unlike /proc/net/tcp).
 *
 * <p>Run alone: {@code java -jar bench/target/benchmarks.jar ProbeRead}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = AgentCommand.IPV4_ONLY) // IPv4 sockets, as the agents use
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = SuiteDefaults.MEASUREMENT_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@State(Scope.Benchmark)
public class ProbeReadBenchmark {
    private final long pid = ProcessHandle.current().pid();

    @Benchmark
    public CounterValues sockstatAndNetstat() throws IOException {
        return NamespaceProbe.readPid(pid);
    }
}
