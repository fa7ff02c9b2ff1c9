package dev.twbench.analysis.chart;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * The fleet's TIME_WAIT: its client hosts' added at each tick ({@link HostSum}), which is what a
 * server behind one address sees arrive from them all, and the server's own beside it. Each host
 * alone is its own small chart ({@link TimeWaitChart}, {@link FleetCharts}).
 */
final class FleetTimeWaitChart {
    static final String TITLE = ChartStyle.fittingTitle(
            "TIME_WAIT of the fleet: the client hosts' added per tick, and the server's",
            "TIME_WAIT of the fleet: client hosts added, and the server");
    static final String CLIENTS_SERIES = "client hosts, added";
    static final String SERVER_SERIES = "server";

    private FleetTimeWaitChart() {
    }

    /**
     * @param clients the client hosts' side labels
     * @param server  the server's side label
     */
    static Sketch of(TimeSeries series, List<String> clients, String server, TimeAxis axis) throws IOException {
        TimePoints added = HostSum.levels(series, clients, Counters.TIME_WAIT);
        TimePoints serverTw = TimePoints.levels(series.column(server, Counters.TIME_WAIT.column()));
        if (added.isEmpty() && serverTw.isEmpty()) {
            return new Sketch.Blank(TITLE, "No host's TIME_WAIT was read in this run.");
        }
        double peak = Math.max(added.maxValue(), serverTw.maxValue());
        if (peak == 0) {
            return new Sketch.Blank(TITLE, "No host held TIME_WAIT in this run.");
        }
        XYChart chart = ChartStyle.xy(TITLE, ChartStyle.TIME_AXIS, "sockets in TIME_WAIT");
        ChartStyle.fromZero(chart.getStyler(), peak);
        if (!added.isEmpty()) {
            new Curve(CLIENTS_SERIES, added).drawOn(chart, 0);
        }
        if (!serverTw.isEmpty()) {
            new Curve(SERVER_SERIES, serverTw).drawOn(chart, 1);
        }
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }
}
