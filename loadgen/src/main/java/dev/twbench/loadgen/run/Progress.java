package dev.twbench.loadgen.run;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.scenario.Side;

/**
 * Where a run is at one tick, for a live display.
 *
 * @param client the client since Go: counts so far, levels as last read ({@link Counters})
 * @param server the server likewise
 * @param router the NAT router likewise; empty without one
 * @param connect the client's connect latency since Go, as its agent last reported it
 * @param cycle   the client's whole-cycle latency since Go likewise
 */
public record Progress(long elapsedMs, Phase phase, CounterValues client, CounterValues server, CounterValues router,
        LatencyDigest connect, LatencyDigest cycle) {
    public Progress(long elapsedMs, Phase phase, CounterValues client, CounterValues server) {
        this(elapsedMs, phase, client, server, CounterValues.none(), LatencyDigest.EMPTY, LatencyDigest.EMPTY);
    }

    public CounterValues side(Side side) {
        return switch (side) {
            case CLIENT -> client;
            case SERVER -> server;
            case ROUTER -> router;
        };
    }

    /** The side's TIME_WAIT level as last read (0 before the first reading). */
    public long timeWait(Side side) {
        return side(side).getOrZero(Counters.TIME_WAIT);
    }
}
