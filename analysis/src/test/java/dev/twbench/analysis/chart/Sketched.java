package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.knowm.xchart.XYChart;

/** A chart class's {@link Sketch} as a test looks at it: the chart it would draw, or its sentence. */
final class Sketched {
    private Sketched() {
    }

    /** The XY chart to be drawn; fails the test if the sketch is a sentence. */
    static XYChart xy(Sketch sketch) {
        return (XYChart) assertInstanceOf(Sketch.Drawable.class, sketch, () -> "a sentence, not a chart: " + sketch)
                .chart();
    }

    /** The sentence standing in for the chart; fails the test if there is a chart to draw. */
    static Sketch.Blank blank(Sketch sketch) {
        return assertInstanceOf(Sketch.Blank.class, sketch, () -> "a chart, not a sentence: " + sketch.title());
    }
}
