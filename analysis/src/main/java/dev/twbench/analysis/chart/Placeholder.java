package dev.twbench.analysis.chart;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart with nothing measured is still written, with its title saying so, so that a report
 * shows every chart in the same place for every run; XChart needs one series to draw the axes.
 */
final class Placeholder {
    static final String SERIES = "no data";

    private Placeholder() {
    }

    static XYChart add(XYChart chart) {
        chart.addSeries(SERIES, new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE)
                .setShowInLegend(false);
        return chart;
    }
}
