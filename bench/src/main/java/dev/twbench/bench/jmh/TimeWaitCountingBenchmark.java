package dev.twbench.bench.jmh;

import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.probe.ProcNetTcp;
import dev.twbench.loadgen.probe.Sockstat;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting {@code timeWait} TIME_WAIT sockets costs, four ways: the namespace's sockstat
 * counter (what twbench samples; O(1)), walking /proc/net/tcp for state 06 (all of it, or one
 * port's, as twbench's host lab does), and {@code ss} with a kernel-side state and port filter
 * (NETLINK sock_diag, plus starting a process, as a script would). Why it matters: a sampler
 * that walks the table at 10 Hz with 100,000 sockets spends its time counting.
 *
 * <p>Run alone: {@code java -jar bench/target/benchmarks.jar TimeWaitCounting -prof timewait}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = AgentCommand.IPV4_ONLY) // IPv4 sockets, as the agents use
@Warmup(iterations = SuiteDefaults.WARMUP_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@Measurement(iterations = SuiteDefaults.MEASUREMENT_ITERATIONS, time = SuiteDefaults.ITERATION_SECONDS)
@State(Scope.Benchmark)
public class TimeWaitCountingBenchmark {
    private static final int SERVER_PORT = 6_300;
    private static final Path SOCKSTAT_FILE = Path.of("/proc/net/sockstat");
    private static final Path TCP_TABLE = Path.of("/proc/net/tcp");
    /** How long TIME_WAIT left by earlier benchmarks may take to expire (60 s and a timer granule). */
    private static final long EXPIRY_WAIT_MS = 65_000;

    /** The ways to count, each a function of this namespace's files. */
    public enum Way {
        SOCKSTAT {
            @Override
            long count() throws IOException {
                return Sockstat.parse(ProcFiles.read(SOCKSTAT_FILE)).timeWait();
            }
        },
        PROC_NET_TCP_ALL {
            @Override
            long count() throws IOException {
                return ProcNetTcp.countTimeWait(ProcFiles.read(TCP_TABLE));
            }
        },
        PROC_NET_TCP_ONE_PORT {
            @Override
            long count() throws IOException {
                return ProcNetTcp.countTimeWait(ProcFiles.read(TCP_TABLE), List.of(SERVER_PORT)).server();
            }
        },
        SS_STATE_FILTER {
            @Override
            long count() {
                // A failed ss would be timed as a fast count of nothing: fail instead.
                return Exec.run(List.of("ss", "-Htn", "state", "time-wait", "sport", "=", ":" + SERVER_PORT)).orThrow()
                        .stdout().lines().count();
            }
        };

        abstract long count() throws IOException;
    }

    // JMH runs parameters in name order, the first outermost: every way at 1,000, then at 10,000,
    // ... so the sockets are only ever topped up, never more than asked for.
    @Param({"1000", "10000", "50000"})
    public int timeWait;

    @Param({"SOCKSTAT", "PROC_NET_TCP_ALL", "PROC_NET_TCP_ONE_PORT", "SS_STATE_FILTER"})
    public Way way;

    @Setup(Level.Trial)
    public void holdTimeWait() throws IOException, InterruptedException {
        // Sockets other benchmarks left in this namespace would be walked too: let them expire.
        long deadline = System.currentTimeMillis() + EXPIRY_WAIT_MS;
        while (Way.SOCKSTAT.count() - TimeWaitMaker.timeWait(SERVER_PORT).server() > timeWait / 10
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        long made = TimeWaitMaker.onServer(SERVER_PORT, true, timeWait);
        if (made < timeWait) {
            throw new IllegalStateException("made " + made + " of " + timeWait + " TIME_WAIT sockets");
        }
    }

    @Benchmark
    public long count() throws IOException {
        return way.count();
    }
}
