package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;

/** A long series drawn as what its chart's pixel columns can show, peaks and troughs kept. */
class TimePointsTest {
    @TempDir
    Path dir;

    @Test
    void theEnvelopeKeepsEachSlicesLowestAndHighestPointInTimeOrderAndBothEnds() {
        // 10 points, 2 slices of 4.5 s: [0, 4.5) and [4.5, 9].
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] y = {5, 9, 1, 5, 5, 5, 0, 5, 7, 5};

        TimePoints drawn = new TimePoints(x, y).envelope(2);

        assertArrayEquals(new double[] {0, 1, 2, 6, 8, 9}, drawn.seconds());
        assertArrayEquals(new double[] {5, 9, 1, 0, 7, 5}, drawn.values());
    }

    @Test
    void aSeriesTheChartCanShowWholeIsDrawnWhole() {
        TimePoints few = new TimePoints(new double[] {0, 1, 2, 3, 4, 5}, new double[] {1, 2, 3, 4, 5, 6});

        assertSame(few, few.envelope(2));
    }

    @Test
    void anEightHourSeriesIsDrawnWithAtMostTwoPointsAPixelColumnAndItsOneTickSpike() {
        // 288,000 ticks of 100 ms, level 1000, one tick at 50,000 and one at 3.
        int n = 288_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / 10.0;
            y[i] = i == 123_457 ? 50_000 : i == 200_001 ? 3 : 1_000;
        }

        TimePoints drawn = new TimePoints(x, y).envelope(Curve.COLUMNS);

        assertTrue(drawn.size() <= 2 * Curve.COLUMNS + 2, drawn.size() + " points");
        assertEquals(50_000, drawn.maxValue());
        assertEquals(3, Arrays.stream(drawn.values()).min().orElseThrow());
        for (int i = 1; i < drawn.size(); i++) {
            assertTrue(drawn.seconds()[i] > drawn.seconds()[i - 1], "in time order at " + i);
        }
        assertEquals(0, drawn.firstSecond(), "the same time range as the run's");
        assertEquals(28_799.9, drawn.lastSecond());
    }

    @Test
    void aTimeWaitChartOfALongRunDrawsTheEnvelopeOfItsRows() throws Exception {
        // Stated here, not measured: 20,000 ticks of 100 ms, TIME_WAIT rising by 1 a tick, one tick at 90,000.
        List<String> csv = new ArrayList<>(List.of("elapsedMs,side,phase,timeWaitSockets,twOverflowCount"));
        for (int t = 0; t < 20_000; t++) {
            long tw = t == 7_777 ? 90_000 : t;
            csv.add(t * 100 + ",client,load," + tw + ",0");
            csv.add(t * 100 + ",server,load,0,0");
        }
        RunResults run = HandWrittenRun.of(dir, null, csv.toArray(String[]::new));

        XYSeries curve = Sketched.xy(TimeWaitChart.of(run, Side.CLIENT, List.of())).getSeries(TimeWaitChart.SERIES);

        assertTrue(curve.getXData().length <= 2 * Curve.COLUMNS + 2, curve.getXData().length + " points");
        assertEquals(90_000, Arrays.stream(curve.getYData()).max().orElseThrow(), "the one-tick peak is drawn");
        assertEquals(1_999.9, curve.getXData()[curve.getXData().length - 1], "the last row is drawn");
        assertEquals(19_999, curve.getYData()[curve.getYData().length - 1]);
    }
}
