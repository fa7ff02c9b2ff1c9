package dev.twbench.analysis.chart;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * A measured series as the legend names it, with its points: how the run charts turn a column
 * of timeseries.csv into a line, so each chart only decides which columns and names.
 */
record Curve(String name, TimePoints points) {

    /** A solid line in the palette's {@code colour}-th colour (see {@link ChartStyle#line}). */
    XYSeries drawOn(XYChart chart, int colour) {
        return ChartStyle.line(chart.addSeries(name, points.seconds(), points.values()), colour);
    }
}
