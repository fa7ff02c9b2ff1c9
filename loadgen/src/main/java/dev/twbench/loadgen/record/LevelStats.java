package dev.twbench.loadgen.record;

/**
 * A level over a run, as its side's rows read it.
 *
 * @param start at the first tick that read it
 * @param peak  the highest reading
 * @param end   at the last tick that read it
 */
public record LevelStats(long start, long peak, long end) {
    LevelStats next(long value) {
        return new LevelStats(start, Math.max(peak, value), value);
    }

    static LevelStats first(long value) {
        return new LevelStats(value, value, value);
    }
}
