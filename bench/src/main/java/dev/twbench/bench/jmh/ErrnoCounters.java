package dev.twbench.bench.jmh;

import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.engine.Failures;
import java.util.Map;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Failures by errno as secondary columns of JMH's table, so a benchmark that starts failing says
 * so beside its score instead of getting faster. Events per iteration, not rates.
 *
 * <pre>{@code
 * @Benchmark
 * public void bind(ErrnoCounters errors) {
 *     try { ... } catch (IOException e) { errors.record(e); }
 * }
 * }</pre>
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ErrnoCounters {
    public long eaddrnotavail;
    public long eaddrinuse;
    public long econnrefused;
    public long econnreset;
    public long etimedout;
    public long timeout;
    public long other;

    @Setup(Level.Iteration)
    public void clear() {
        eaddrnotavail = 0;
        eaddrinuse = 0;
        econnrefused = 0;
        econnreset = 0;
        etimedout = 0;
        timeout = 0;
        other = 0;
    }

    /** Counts a failure by the errno it carries (never by its exception type). */
    public void record(Throwable failure) {
        record(Failures.classify(failure), 1);
    }

    /** Counts failures already classified, e.g. a batch's {@code failures} map. */
    public void recordAll(Map<String, Long> failures) {
        failures.forEach(this::record);
    }

    private void record(String kind, long n) {
        switch (kind) {
            case "EADDRNOTAVAIL" -> eaddrnotavail += n;
            case "EADDRINUSE" -> eaddrinuse += n;
            case "ECONNREFUSED" -> econnrefused += n;
            case "ECONNRESET" -> econnreset += n;
            case "ETIMEDOUT" -> etimedout += n;
            case FailureKinds.TIMEOUT -> timeout += n;
            default -> other += n;
        }
    }
}
