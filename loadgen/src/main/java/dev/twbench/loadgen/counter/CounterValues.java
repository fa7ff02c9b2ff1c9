package dev.twbench.loadgen.counter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A value for some of the {@link Counters}: what one source read at one instant (cumulative
 * counts and levels), or one interval of a side (counts as differences). Immutable; a counter
 * not read has no value, which is not the same as zero.
 *
 * <pre>{@code
 * CounterValues kernel = KernelCounters.parse(sockstat, netstat);      // TcpExt and sockstat
 * CounterValues side = kernel.with(engine).with(memory);                 // one side, every source
 * CounterValues interval = side.since(previous);                         // counts per interval
 * long closes = interval.get(Counters.TW_ENTERED).orElse(0);
 * }</pre>
 */
public final class CounterValues {
    /** Marks a counter without a value. No counter reaches it: counts and levels are never that negative. */
    private static final long ABSENT = Long.MIN_VALUE;
    private static final CounterValues NONE = new CounterValues(absentArray());

    private final long[] values;

    private CounterValues(long[] values) {
        this.values = values;
    }

    public static CounterValues none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder(absentArray());
    }

    public OptionalLong get(Counter counter) {
        long v = values[counter.index()];
        return v == ABSENT ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The value, or 0 where the counter was not read. */
    public long getOrZero(Counter counter) {
        long v = values[counter.index()];
        return v == ABSENT ? 0 : v;
    }

    public boolean has(Counter counter) {
        return values[counter.index()] != ABSENT;
    }

    /** These values, with {@code other}'s where it has one (the sources of one side are merged so). */
    public CounterValues with(CounterValues other) {
        long[] merged = values.clone();
        for (int i = 0; i < merged.length; i++) {
            if (other.values[i] != ABSENT) {
                merged[i] = other.values[i];
            }
        }
        return new CounterValues(merged);
    }

    /**
     * From {@code earlier} to these: each count's difference (none where either lacks it), each
     * level as it is now.
     */
    public CounterValues since(CounterValues earlier) {
        long[] diff = values.clone();
        for (Counter c : Counters.ALL) {
            int i = c.index();
            if (c.isCount() && diff[i] != ABSENT) {
                diff[i] = earlier.values[i] == ABSENT ? ABSENT : diff[i] - earlier.values[i];
            }
        }
        return new CounterValues(diff);
    }

    /**
     * Where a run's counts start: these values with every count of a source that counts from Go set
     * to zero, so that {@code later.since(baseline)} is the run's share of every count.
     */
    public CounterValues asBaseline() {
        long[] base = values.clone();
        for (Counter c : Counters.ALL) {
            if (c.isCount() && c.source().countsFromGo()) {
                base[c.index()] = 0;
            }
        }
        return new CounterValues(base);
    }

    /** These values without those of {@code source}, whose reader is gone. */
    public CounterValues without(Source source) {
        long[] kept = values.clone();
        for (Counter c : Counters.from(source)) {
            kept[c.index()] = ABSENT;
        }
        return new CounterValues(kept);
    }

    /** These values without {@code counter}'s: it was not read, or is not this reader's to say. */
    public CounterValues without(Counter counter) {
        long[] kept = values.clone();
        kept[counter.index()] = ABSENT;
        return new CounterValues(kept);
    }

    /** By column name, in column order, the counters with a value only: how the agent protocol carries them. */
    public Map<String, Long> toMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Counter c : Counters.ALL) {
            if (values[c.index()] != ABSENT) {
                map.put(c.column(), values[c.index()]);
            }
        }
        return map;
    }

    /** The inverse of {@link #toMap()}; names no counter has (a newer agent's) are left out. */
    public static CounterValues fromMap(Map<String, Long> byColumn) {
        Builder b = builder();
        byColumn.forEach((column, v) -> Counters.byColumn(column).ifPresent(c -> b.set(c, v)));
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CounterValues other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    private static long[] absentArray() {
        long[] a = new long[Counters.ALL.size()];
        Arrays.fill(a, ABSENT);
        return a;
    }

    /** Collects values for one {@link CounterValues}; not thread-safe, used by one reader at a time. */
    public static final class Builder {
        private final long[] values;

        private Builder(long[] values) {
            this.values = values;
        }

        public Builder set(Counter counter, long value) {
            values[counter.index()] = value;
            return this;
        }

        /** The value set so far; 0 if none. */
        public long get(Counter counter) {
            long v = values[counter.index()];
            return v == ABSENT ? 0 : v;
        }

        /** Adds to the counter's value (absent counts as zero). */
        public Builder add(Counter counter, long value) {
            long v = values[counter.index()];
            values[counter.index()] = (v == ABSENT ? 0 : v) + value;
            return this;
        }

        /** Failures by kind into the failure counters: kinds without a counter of their own go to OTHER's. */
        public Builder failures(Map<String, Long> byKind) {
            FailureKinds.addTo(this, byKind);
            return this;
        }

        public CounterValues build() {
            return new CounterValues(values.clone());
        }
    }
}
