package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;

/**
 * A run with the name it goes by in a comparison, e.g. a sweep variant's axis values
 * ({@code "rate=2000"}).
 */
public record LabelledRun(String label, RunResults run) {
}
