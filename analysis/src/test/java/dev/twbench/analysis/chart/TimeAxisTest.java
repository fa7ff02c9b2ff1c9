package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** The time axis the charts of a run share: round steps, the same on every chart whatever its y axis. */
class TimeAxisTest {
    @TempDir
    Path charts;

    @Test
    void theStepIsOneTwoOrFiveTimesAPowerOfTenWithAtMostTenSteps() {
        assertEquals(10, new TimeAxis(65.7).stepSeconds(), 1e-9, "the reference client-first run, drain included");
        assertEquals(0.5, new TimeAxis(4.0).stepSeconds(), 1e-9);
        assertEquals(0.5, new TimeAxis(3.1).stepSeconds(), 1e-9);
        assertEquals(5_000, new TimeAxis(8 * 3600).stepSeconds(), 1e-9, "an eight-hour soak");
    }

    @Test
    void chartsWhosePlotsDifferInWidthGetTheSameTicks() throws Exception {
        TimeAxis axis = new TimeAxis(65.7);
        // Narrow y labels; wide y labels; wide y labels and a right-hand axis, as the NAT chart has.
        XYChart narrow = chart(5);
        XYChart wide = chart(50_000_000);
        XYChart twoAxes = chart(50_000_000);
        twoAxes.addSeries("per second", new double[] {0, 65}, new double[] {0, 90_000}).setYAxisGroup(1);
        twoAxes.setYAxisGroupTitle(1, "per second");
        twoAxes.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);

        List<String> expected = List.of("0", "10", "20", "30", "40", "50", "60");
        for (XYChart chart : List.of(narrow, wide, twoAxes)) {
            axis.applyTo(chart);
            ChartFile file = ChartWriter.write(chart, "chart-" + chart.hashCode(), charts);
            assertEquals(expected, WrittenChart.axisLabels(file, "X"), chart.getTitle());
        }
    }

    private static XYChart chart(double top) {
        XYChart chart = ChartStyle.xy("up to " + top, ChartStyle.TIME_AXIS, "a count");
        ChartStyle.line(chart.addSeries("a count", new double[] {0, 30, 65.7}, new double[] {0, top, top / 2}), 0);
        return chart;
    }
}
