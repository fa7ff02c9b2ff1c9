package dev.twbench.analysis.chart;

/**
 * A limit on how many sockets a side can hold in TIME_WAIT (or how many ports it can use), drawn
 * as a horizontal line on that side's TIME_WAIT chart, e.g. {@code ("ports available", 28232)}
 * or {@code ("tcp_max_tw_buckets", 131072)}. The caller decides which limits apply to the run.
 */
public record CapacityLine(String label, long sockets) {
}
