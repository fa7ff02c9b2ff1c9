package dev.twbench.analysis.chart;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * A measured series as the legend names it, with its points: how every time chart turns a
 * column of timeseries.csv, or an interval of latency.hlog, into a line, so each chart only
 * decides which columns and names, and no chart draws more points than it has pixel columns
 * for (an 8-hour run at 100 ms has 288,000 rows a side).
 *
 * <pre>{@code
 * new Curve("TIME_WAIT sockets", TimePoints.levels(tw)).drawOn(chart, 0);
 * }</pre>
 */
record Curve(String name, TimePoints points) {
    /**
     * Slices of the time axis a curve is drawn with: one per pixel column of the chart (the plot
     * is a little narrower), so the envelope is what the picture could show anyway.
     */
    static final int COLUMNS = ChartStyle.WIDTH_PX;

    /**
     * A solid line in the palette's {@code colour}-th colour (see {@link ChartStyle#line}),
     * through the points' {@link TimePoints#envelope envelope}.
     */
    XYSeries drawOn(XYChart chart, int colour) {
        TimePoints drawn = points.envelope(COLUMNS);
        return ChartStyle.line(chart.addSeries(name, drawn.seconds(), drawn.values()), colour);
    }
}
