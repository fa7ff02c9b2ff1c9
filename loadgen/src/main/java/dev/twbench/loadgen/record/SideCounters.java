package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.Counter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * summary.json's {@code counters.<side>}: every counter of the schema that the side has, by its
 * timeseries.csv column, generically: a count's total over the run (the sum of the side's rows),
 * a level's start, peak and end. A counter is missing where the side did not read it, and
 * kernel counts are missing in the host lab, where they are the whole host's, not the side's.
 */
public record SideCounters(Map<String, Long> totals, Map<String, LevelStats> levels) {
    public SideCounters {
        // In column order, as the reader of summary.json finds them in timeseries.csv.
        totals = Collections.unmodifiableMap(new LinkedHashMap<>(totals));
        levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
    }

    /** The count's total, or null where it was not recorded for this side. */
    public Long total(Counter counter) {
        return totals.get(counter.column());
    }

    /** The level's start, peak and end, or null where it was never read. */
    public LevelStats level(Counter counter) {
        return levels.get(counter.column());
    }
}
