package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.scenario.Side;

/**
 * One line of timeseries.csv: what one side looked like at the end of one interval.
 *
 * @param elapsedMs since the load started (Go)
 * @param side      the side's role: which counters apply to it
 * @param host      the row's name in timeseries.csv's {@code side} column: the side's label, or in a
 *                  fleet {@code server}, {@code client-1} ... {@code client-N}
 * @param values    the schema's counters: counts during the interval, levels at its end; a counter
 *                  without a value was not read at this tick
 * @param connect   client connect latency during the interval (empty on the server)
 * @param cycle     client whole-cycle latency during the interval (empty on the server)
 */
public record SampleRow(long elapsedMs, Side side, String host, Phase phase, CounterValues values,
        LatencyDigest connect, LatencyDigest cycle) {
    /** A row of a one-machine run, named by its side. */
    public SampleRow(long elapsedMs, Side side, Phase phase, CounterValues values, LatencyDigest connect,
            LatencyDigest cycle) {
        this(elapsedMs, side, side.label(), phase, values, connect, cycle);
    }
}
