package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;

/**
 * The NAT router's story as summary.json's {@code nat} object tells it: how full its pool got,
 * and when it first dropped a connection. Fed the router's row each tick.
 */
final class NatTally {
    private final long portsAvailable;
    private long firstDropMs = -1;

    NatTally(long portsAvailable) {
        this.portsAvailable = portsAvailable;
    }

    /** One router row: counts during the interval ending at {@code elapsedMs}. */
    void add(long elapsedMs, CounterValues interval) {
        long dropped = interval.getOrZero(Counters.CONNTRACK_DROP) + interval.getOrZero(Counters.CONNTRACK_INSERT_FAILED);
        if (dropped > 0 && firstDropMs < 0) {
            firstDropMs = elapsedMs;
        }
    }

    Summary.Nat summary(SideTally router) {
        CounterValues totals = router.sinceStart();
        return new Summary.Nat(portsAvailable, peak(router, Counters.NAT_MAPPINGS),
                peak(router, Counters.CONNTRACK_TIME_WAIT), peak(router, Counters.CONNTRACK_ENTRIES),
                firstDropMs < 0 ? null : firstDropMs / 1000.0, totals.getOrZero(Counters.CONNTRACK_DROP),
                totals.getOrZero(Counters.CONNTRACK_INSERT_FAILED), totals.getOrZero(Counters.CONNTRACK_CLASH_RESOLVE));
    }

    private static long peak(SideTally router, Counter level) {
        LevelStats stats = router.level(level);
        return stats == null ? 0 : stats.peak();
    }
}
