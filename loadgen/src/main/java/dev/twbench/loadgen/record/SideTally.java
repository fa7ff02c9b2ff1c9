package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.Source;
import dev.twbench.loadgen.scenario.Side;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One side's running values while a run is recorded, whatever the counters: where its counts
 * started, its latest cumulative values (the next interval is the difference from them), and each
 * level's start, peak and end. Fixed size, however long the run.
 */
final class SideTally {
    private final Side side;
    private CounterValues baseline;
    private CounterValues last;
    /** The engine's latest values; before its first report, as at Go: nothing counted yet. */
    private CounterValues lastEngine = CounterValues.none().asBaseline();
    private final Map<Counter, LevelStats> levels = new HashMap<>();
    /** Cumulative values at the load's last tick that read TIME_WAIT. */
    private CounterValues loadEnd;
    private long loadEndElapsedMs;

    SideTally(Side side) {
        this.side = side;
    }

    /**
     * Takes the side's cumulative values at a tick and returns its row's values: counts since the
     * previous tick, levels as read now.
     *
     * @param engine the agent's counters, or empty if it is gone: a dead agent counts nothing more
     *               and holds no connection (the kernel closed them when it died)
     */
    CounterValues add(CounterValues kernel, Optional<CounterValues> engine, CounterValues memory) {
        CounterValues engineNow = engine.orElseGet(this::engineOfDeadAgent);
        lastEngine = engineNow;
        CounterValues now = kernel.with(engineNow).with(memory);
        if (baseline == null) {
            baseline = now.asBaseline();
            last = baseline;
        }
        CounterValues interval = now.since(last);
        last = now;
        for (Counter c : Counters.ALL) {
            if (!c.isCount() && c.appliesTo(side)) {
                now.get(c).ifPresent(v -> levels.merge(c, LevelStats.first(v), (old, first) -> old.next(v)));
            }
        }
        return interval;
    }

    /**
     * Marks the latest tick as the load's last so far, if it read the TIME_WAIT level: where
     * {@link #leftBeforeExpiry} is judged.
     */
    void loadTick(long elapsedMs) {
        if (last.has(Counters.TIME_WAIT)) {
            loadEnd = last;
            loadEndElapsedMs = elapsedMs;
        }
    }

    /**
     * TIME_WAIT sockets that left during the load although none could have expired yet (the load
     * was shorter than the lifetime): entries (TcpExt TW) minus the rise of the level. They were
     * recycled by connect() (TWRecycled) or taken over by a new SYN for the same 4-tuple, which no
     * counter shows. Empty when the load lasted the lifetime or more.
     */
    OptionalLong leftBeforeExpiry(long lifetimeMs) {
        if (loadEnd == null || loadEndElapsedMs >= lifetimeMs || !loadEnd.has(Counters.TW_ENTERED)) {
            return OptionalLong.empty();
        }
        long entered = loadEnd.since(baseline).getOrZero(Counters.TW_ENTERED);
        long rise = loadEnd.getOrZero(Counters.TIME_WAIT) - level(Counters.TIME_WAIT).start();
        return OptionalLong.of(Math.max(0, entered - rise));
    }

    /** The latest reading of a level, if it was ever read. */
    OptionalLong lastLevel(Counter level) {
        LevelStats stats = levels.get(level);
        return stats == null ? OptionalLong.empty() : OptionalLong.of(stats.end());
    }

    LevelStats level(Counter level) {
        return levels.get(level);
    }


    /** Since the run started: counts so far, levels as last read (a level not read at every tick keeps its last value). */
    CounterValues sinceStart() {
        if (last == null) {
            return CounterValues.none();
        }
        CounterValues.Builder lastRead = CounterValues.builder();
        levels.forEach((level, stats) -> lastRead.set(level, stats.end()));
        return last.since(baseline).with(lastRead.build());
    }

    /**
     * summary.json's generic view of the side.
     *
     * @param ownKernelCounts the side's kernel counts are its own (false in the host lab)
     */
    SideCounters summary(boolean ownKernelCounts) {
        CounterValues totals = sinceStart();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, LevelStats> levelsByColumn = new LinkedHashMap<>();
        for (Counter c : Counters.ALL) {
            if (!c.appliesTo(side)) {
                continue;
            }
            if (c.isCount() && (ownKernelCounts || c.source() != Source.TCP_EXT)) {
                totals.get(c).ifPresent(v -> counts.put(c.column(), v));
            } else if (!c.isCount() && levels.containsKey(c)) {
                levelsByColumn.put(c.column(), levels.get(c));
            }
        }
        return new SideCounters(counts, levelsByColumn);
    }

    private CounterValues engineOfDeadAgent() {
        CounterValues.Builder zeroLevels = CounterValues.builder();
        for (Counter c : Counters.from(Source.ENGINE)) {
            if (!c.isCount()) {
                zeroLevels.set(c, 0);
            }
        }
        return lastEngine.with(zeroLevels.build());
    }
}
