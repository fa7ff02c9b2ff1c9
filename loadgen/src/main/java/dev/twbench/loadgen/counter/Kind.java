package dev.twbench.loadgen.counter;

/** How a counter's value is read and what adding it up means. */
public enum Kind {
    /**
     * Cumulative at its source (a kernel counter since the namespace was created, an engine count
     * since Go): timeseries.csv shows each interval's difference, summary.json the run's total.
     */
    COUNT,
    /**
     * A value at an instant (sockets in TIME_WAIT, resident memory): timeseries.csv shows it as read
     * at the tick, summary.json its start, peak and end.
     */
    LEVEL
}
