package dev.twbench.loadgen.counter;

import dev.twbench.loadgen.scenario.Side;
import java.util.Set;

/**
 * One counter or level that a run records, as {@link Counters} defines it: the same name in the
 * agent protocol, the timeseries.csv header, summary.json and the charts.
 *
 * @param index      its position in {@link Counters#ALL}, where {@link CounterValues} keeps its value
 * @param column     its name everywhere, with the unit in it ({@code twEnteredCount}, {@code agentRssKiB})
 * @param unit       what one unit is ({@code sockets}, {@code connections}, {@code KiB})
 * @param kind       a cumulative count or a level
 * @param sides      the sides that have it; the other side's cells are empty
 * @param source     where its value comes from
 * @param sourceName its name at the source: the kernel's ({@code TW}, {@code ListenOverflows}) or the engine's
 * @param label      a short human name for tables and charts
 */
public record Counter(int index, String column, String unit, Kind kind, Set<Side> sides, Source source,
        String sourceName, String label) {
    public Counter {
        sides = Set.copyOf(sides);
    }

    public boolean isCount() {
        return kind == Kind.COUNT;
    }

    public boolean appliesTo(Side side) {
        return sides.contains(side);
    }

    @Override
    public String toString() {
        return column;
    }
}
