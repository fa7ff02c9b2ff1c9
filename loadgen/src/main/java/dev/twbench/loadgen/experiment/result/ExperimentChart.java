package dev.twbench.loadgen.experiment.result;

import java.util.List;

/**
 * A curve that says a result better than a number (TIME_WAIT draining, time to a successful bind).
 *
 * @param title  the chart's title
 * @param xTitle the x axis, with its unit ("seconds after the close")
 * @param yTitle the y axis, with its unit
 * @param series one or more lines
 */
public record ExperimentChart(String title, String xTitle, String yTitle, List<Series> series) {
    public ExperimentChart {
        series = List.copyOf(series);
    }
}
