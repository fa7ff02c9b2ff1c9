package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.FailureKinds;

/**
 * The one place the engine tests read the engines' counts, by the schema's {@link Counters} (a
 * failure kind is {@code Counters.failed(FailureKinds.TIMEOUT)}). A counter the engine did not
 * report is an error, never a silent zero.
 */
final class EngineCounts {
    private EngineCounts() {
    }

    static long count(ClientEngine.Snapshot s, Counter counter) {
        return count(s.counters(), counter);
    }

    static long count(ServerEngine.Snapshot s, Counter counter) {
        return count(s.counters(), counter);
    }

    /** A closed-loop batch reports completed, failed and failures by kind. */
    static long count(ClientEngine.Batch b, Counter counter) {
        if (counter == Counters.COMPLETED) {
            return b.completed();
        }
        if (counter == Counters.FAILED) {
            return b.failed();
        }
        return count(CounterValues.builder().failures(b.failures()).build(), counter);
    }

    /** Every count of the client, for a failure message. */
    static String describe(ClientEngine.Snapshot s) {
        return s.counters() + " failures=" + s.failures();
    }

    static String describe(ServerEngine.Snapshot s) {
        return s.counters() + " failures=" + s.failures();
    }

    private static long count(CounterValues values, Counter counter) {
        return values.get(counter).orElseThrow(() -> new IllegalArgumentException("the engine did not report "
                + counter + " (failure kinds with a counter: " + FailureKinds.COLUMNS + ")"));
    }
}
