package dev.twbench.loadgen.run;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.scenario.Side;

/**
 * Where a run is at one tick, for a live display.
 *
 * @param client the client since Go: counts so far, levels as last read ({@link Counters})
 * @param server the server likewise
 */
public record Progress(long elapsedMs, Phase phase, CounterValues client, CounterValues server) {
    public CounterValues side(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    /** The side's TIME_WAIT level as last read (0 before the first reading). */
    public long timeWait(Side side) {
        return side(side).getOrZero(Counters.TIME_WAIT);
    }
}
