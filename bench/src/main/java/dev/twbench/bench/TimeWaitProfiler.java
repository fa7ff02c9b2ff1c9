package dev.twbench.bench;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.probe.NamespaceProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * What each iteration did to TIME_WAIT in the benchmark's network namespace, as secondary
 * results: the level at the end ({@code tw.level}), and the TcpExt deltas over the iteration:
 * sockets that entered TIME_WAIT ({@code tw.entered}, also per operation), connect() takeovers
 * ({@code tw.recycled}) and closes that skipped TIME_WAIT at tcp_max_tw_buckets
 * ({@code tw.overflow}).
 *
 * <pre>
 * java -jar benchmarks.jar ConnectionCycle -prof timewait
 * java -jar benchmarks.jar ConnectionCycle -prof dev.twbench.bench.TimeWaitProfiler
 * </pre>
 *
 * It reads /proc/self/net/sockstat and /proc/self/net/netstat in the forked JVM, a few
 * microseconds each, before and after every iteration: nothing inside the measured loop.
 */
public final class TimeWaitProfiler implements InternalProfiler {
    /** {@code -prof timewait}: the dispatcher maps it to this class. */
    public static final String SHORT_NAME = "timewait";

    /** What {@code -prof timewait:help} prints: it takes no options. */
    static final String HELP = "Usage: -prof timewait (no options). Adds to each iteration: tw.level (TIME_WAIT"
            + " sockets in the benchmark's namespace at its end), tw.entered and tw.entered/op (TcpExt TW),"
            + " tw.recycled (TWRecycled) and tw.overflow (TCPTimeWaitOverflow) during it.";

    private CounterValues before;

    /** For JMH's service loader ({@code -lprof}) and for {@code -prof timewait} without options. */
    public TimeWaitProfiler() {
    }

    /**
     * For {@code -prof timewait:OPTIONS}, as JMH calls it: {@code help} prints {@link #HELP}, as
     * JMH's own profilers do, and the run stops there; there are no other options.
     */
    public TimeWaitProfiler(String initLine) throws ProfilerException {
        if (initLine != null && !initLine.isBlank()) {
            throw new ProfilerException(initLine.strip().equals("help") ? HELP
                    : "timewait takes no options, not '" + initLine + "'. " + HELP);
        }
    }

    @Override
    public String getDescription() {
        return "TIME_WAIT level and TcpExt TW / TWRecycled / TCPTimeWaitOverflow deltas per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = read();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        CounterValues after = read();
        CounterValues delta = after.since(before);
        long entered = delta.getOrZero(Counters.TW_ENTERED);
        long ops = result.getMetadata() == null ? 1 : Math.max(1, result.getMetadata().getAllOps());
        return List.of(
                new ScalarResult("tw.level", after.getOrZero(Counters.TIME_WAIT), "sockets", AggregationPolicy.MAX),
                new ScalarResult("tw.entered", entered, "sockets", AggregationPolicy.SUM),
                new ScalarResult("tw.entered/op", (double) entered / ops, "sockets/op", AggregationPolicy.AVG),
                new ScalarResult("tw.recycled", delta.getOrZero(Counters.TW_RECYCLED), "sockets", AggregationPolicy.SUM),
                new ScalarResult("tw.overflow", delta.getOrZero(Counters.TW_OVERFLOW), "sockets", AggregationPolicy.SUM));
    }

    private static CounterValues read() {
        try {
            return NamespaceProbe.readPid(ProcessHandle.current().pid());
        } catch (IOException e) {
            throw new UncheckedIOException("reading this namespace's sockstat and netstat", e);
        }
    }
}
