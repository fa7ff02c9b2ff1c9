package dev.twbench.analysis.chart;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What a chart class made of a run's data, before anything is written: a chart to draw, or the
 * sentence that stands in for it when there is nothing to draw. {@link ChartWriter#write(Sketch,
 * String, java.nio.file.Path)} turns it into a {@link ChartOutcome} under the chart's file name.
 */
sealed interface Sketch permits Sketch.Drawable, Sketch.Blank {
    String title();

    /** Axes with something on them. */
    record Drawable(Chart<?, ?> chart) implements Sketch {
        @Override
        public String title() {
            return chart.getTitle();
        }
    }

    /** Nothing to draw, and why, in one sentence. */
    record Blank(String title, String reason) implements Sketch {
    }
}
