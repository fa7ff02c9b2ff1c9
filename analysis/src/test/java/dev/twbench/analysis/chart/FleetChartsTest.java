package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.FleetFixture;
import dev.twbench.analysis.results.FleetResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The charts of a run across hosts, drawn from the reference run's files (FleetFixture); the
 * figures they are checked against are read from those files here, not taken from the code drawn.
 */
class FleetChartsTest {
    @TempDir
    Path dir;

    @Test
    void everyHostHasItsOwnTimeWaitSmallMultipleAllOnOneYScale() throws Exception {
        FleetCharts.Drawn charts = FleetCharts.draw(FleetResults.load(FleetFixture.copyTo(dir)), dir.resolve("charts"));

        assertEquals(List.of("timewait-server", "timewait-client-1", "timewait-client-2", "timewait-client-3"),
                charts.hostTimeWait().stream().map(ChartOutcome::name).toList());
        // Client-first: the server held no TIME_WAIT, and its small multiple says so in a sentence.
        ChartOutcome.Nothing server = assertInstanceOf(ChartOutcome.Nothing.class, charts.hostTimeWait().get(0));
        assertTrue(server.reason().contains("server held no TIME_WAIT"), server.reason());
        List<String> yAxes = new ArrayList<>();
        for (ChartOutcome c : charts.hostTimeWait().subList(1, charts.hostTimeWait().size())) {
            ChartFile file = assertInstanceOf(ChartOutcome.Drawn.class, c, c::name).file();
            Matcher y = Pattern.compile("\nY axis: ([^<\n]*)").matcher(Files.readString(file.svg()));
            assertTrue(y.find(), "the SVG lists its y axis' labels: " + file.svg());
            yAxes.add(y.group(1));
        }
        // The clients' peaks are 1,001 each: all three are drawn to the same top.
        assertEquals(1, yAxes.stream().distinct().count(), "one y scale: " + yAxes);
        assertEquals(FleetCharts.LATENCY_CYCLE, charts.cycleLatency().name());
        assertEquals(8, charts.all().size(), "4 hosts, the fleet's TIME_WAIT, failures, connect and cycle latency");
    }

    @Test
    void theFleetTotalIsTheClientHostsTimeWaitAddedAtEachTick() throws Exception {
        FleetResults fleet = FleetResults.load(FleetFixture.copyTo(dir));
        XYSeries added = Sketched.xy(FleetTimeWaitChart.of(fleet.series(), fleet.clients(), "server",
                TimeAxis.of(fleet.series()))).getSeries(FleetTimeWaitChart.CLIENTS_SERIES);

        // timeseries.csv at elapsedMs 5000: client-1 752, client-2 753, client-3 753.
        long atFiveSeconds = 0;
        for (String client : fleet.clients()) {
            atFiveSeconds += csvCell(dir.resolve("timeseries.csv"), 5000, client, "timeWaitSockets");
        }
        assertEquals(752 + 753 + 753, atFiveSeconds, "the file as committed");
        assertEquals(atFiveSeconds, yAt(added, 5.0), 1e-9);
        // summary.json's fleet.timeWaitPeak is the recorder's highest sum at one tick: the curve's top.
        assertEquals(fleet.summary().fleet().timeWaitPeak(), max(added), 1e-9);
    }

    @Test
    void failuresAreStackedByClientHostUpToTheFleetsFailuresPerSecond() throws Exception {
        FleetResults fleet = FleetResults.load(FleetFixture.copyTo(dir));
        XYChart chart = Sketched.xy(FailureChart.byHost(fleet.series(), fleet.clients(), TimeAxis.of(fleet.series())));

        assertEquals(List.of("client-3", "client-2", "client-1"), chart.getSeriesCollection().stream()
                .filter(XYSeries::isShowInLegend).map(XYSeries::getName).toList(), "the top band drawn first");
        // The top band is every client's failedCount added, per second of its interval.
        XYSeries top = chart.getSeries("client-3");
        long failedInLastInterval = 0;
        for (String client : fleet.clients()) {
            failedInLastInterval += csvCell(dir.resolve("timeseries.csv"), 9000, client, "failedCount");
        }
        long previousMs = 8900;
        assertEquals(failedInLastInterval * 1000.0 / (9000 - previousMs), yAt(top, 9.0), 1e-9);
    }

    /** One cell of timeseries.csv, read by its header and side as a reader of the file would. */
    static long csvCell(Path csv, long elapsedMs, String side, String column) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[0].equals(Long.toString(elapsedMs)) && cells[header.indexOf("side")].equals(side)) {
                return Long.parseLong(cells[header.indexOf(column)]);
            }
        }
        throw new AssertionError("no row at " + elapsedMs + " ms for " + side);
    }

    private static double yAt(XYSeries series, double second) {
        double[] x = series.getXData();
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - second) < 1e-9) {
                return series.getYData()[i];
            }
        }
        throw new AssertionError("no point at " + second + " s in " + series.getName());
    }

    private static double max(XYSeries series) {
        double max = Double.NEGATIVE_INFINITY;
        for (double y : series.getYData()) {
            max = Math.max(max, y);
        }
        return max;
    }
}
