package dev.twbench.loadgen.experiment.result;

import java.util.List;

/**
 * One line of an experiment's chart.
 *
 * @param name the legend entry
 * @param x    the x values, as many as {@code y}
 * @param y    the y values
 */
public record Series(String name, List<Double> x, List<Double> y) {
    public Series {
        x = List.copyOf(x);
        y = List.copyOf(y);
        if (x.size() != y.size()) {
            throw new IllegalArgumentException(name + ": " + x.size() + " x values for " + y.size() + " y values");
        }
    }
}
