package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * The NAT router's pool over the run ({@code run --nat-ports}): the mappings in use and the
 * conntrack entries in TIME_WAIT against the ports available, and, on a second axis, what the
 * client saw of it: SYNs retransmitted and attempts failed per second. A full pool shows as the
 * mappings flat at the limit while the client's retransmissions rise.
 */
final class NatChart {
    static final String MAPPINGS = "mappings in use";
    static final String TIME_WAIT = "in TIME_WAIT";
    static final String SYN_RETRANS = "client SYN retransmits/s";
    static final String FAILED = "client failures/s";

    private NatChart() {
    }

    static Sketch of(RunResults run, long portsAvailable, TimeAxis axis) throws IOException {
        TimeSeries.Columns loaded = run.series().load(Counters.NAT_MAPPINGS, Counters.CONNTRACK_TIME_WAIT,
                Counters.SYN_RETRANS, Counters.FAILED);
        TimePoints mappings = TimePoints.levels(loaded.get(Side.ROUTER, Counters.NAT_MAPPINGS));
        String title = "NAT router: mappings in use of " + ChartStyle.count(portsAvailable) + " ports";
        if (mappings.isEmpty()) {
            return new Sketch.Blank(title, "The NAT router's mappings were not read in this run.");
        }
        XYChart chart = ChartStyle.xy(title, ChartStyle.TIME_AXIS, "conntrack entries");
        ChartStyle.fromZero(chart.getStyler(), Math.max(mappings.maxValue(), portsAvailable));
        new Curve(MAPPINGS, mappings).drawOn(chart, 0);
        new Curve(TIME_WAIT, TimePoints.levels(loaded.get(Side.ROUTER, Counters.CONNTRACK_TIME_WAIT))).drawOn(chart, 1);
        ChartStyle.limit(chart.addSeries("ports (" + ChartStyle.count(portsAvailable) + ")",
                new double[] {mappings.firstSecond(), mappings.lastSecond()},
                new double[] {portsAvailable, portsAvailable}), 2);
        // The client's symptoms are rates, not entries: they get the right-hand axis.
        new Curve(SYN_RETRANS, TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.SYN_RETRANS)))
                .drawOn(chart, 3).setYAxisGroup(1);
        new Curve(FAILED, TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.FAILED))).drawOn(chart, 4)
                .setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "per second");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        axis.applyTo(chart);
        return new Sketch.Drawable(chart);
    }
}
