package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeWaitLifetimeTest {

    /** Sockets enter at a steady rate for loadSeconds; each leaves exactly {@code lifetime} later. */
    private static Optional<TimeWaitLifetime.Lifetime> simulate(double loadSeconds, int perSecond, double lifetime,
            double sampleEvery, double endSeconds) {
        int total = (int) (loadSeconds * perSecond);
        double[] enter = new double[total];
        double[] leave = new double[total];
        for (int i = 0; i < total; i++) {
            enter[i] = (double) i / perSecond;
            leave[i] = enter[i] + lifetime;
        }
        int n = (int) (endSeconds / sampleEvery) + 1;
        double[] t = new double[n];
        long[] tw = new long[n];
        long[] entered = new long[n];
        for (int k = 0; k < n; k++) {
            t[k] = k * sampleEvery;
            for (int i = 0; i < total; i++) {
                if (enter[i] <= t[k]) {
                    entered[k]++;
                    if (leave[i] > t[k]) {
                        tw[k]++;
                    }
                }
            }
        }
        return TimeWaitLifetime.estimate(t, tw, entered);
    }

    @Test
    void measuredFromTheTimeSeriesASampleWithoutItsLevelStillCountsItsEntries(@TempDir Path dir) throws Exception {
        // Stated here: 30 sockets enter every 100 ms for 3 s, each leaves 60 s later; the client's
        // level was not read at 1.0 s. Sampled every 100 ms until 65 s; the server has none.
        List<String> lines = new ArrayList<>(List.of("elapsedMs,side,phase,timeWaitSockets,twEnteredCount"));
        for (int k = 0; k <= 650; k++) {
            long enteredBy = 30L * Math.min(k, 30);
            long leftBy = 30L * Math.max(0, Math.min(k - 600, 30));
            long enteredNow = k >= 1 && k <= 30 ? 30 : 0;
            lines.add(k * 100 + ",client,load," + (k == 10 ? "" : enteredBy - leftBy) + "," + enteredNow);
            lines.add(k * 100 + ",server,load,0,0");
        }
        Path csv = dir.resolve("timeseries.csv");
        Files.write(csv, lines);

        Map<Side, Optional<TimeWaitLifetime.Lifetime>> measured = TimeWaitLifetime.measure(TimeSeries.read(csv));

        // Leaving out the 30 entries at 1.0 s would make the first 300 sockets leave 0.1 s late.
        TimeWaitLifetime.Lifetime client = measured.get(Side.CLIENT).orElseThrow();
        assertEquals(60.0, client.minSeconds(), 0.01);
        assertEquals(60.0, client.maxSeconds(), 0.01);
        assertTrue(measured.get(Side.SERVER).isEmpty(), "nothing entered on the server");
    }

    @Test
    void steadyEntriesWithSixtySecondLifetimeMeasureSixty() {
        TimeWaitLifetime.Lifetime l = simulate(3, 300, 60, 0.1, 65).orElseThrow();
        assertEquals(60.0, l.minSeconds(), 0.1);
        assertEquals(60.0, l.medianSeconds(), 0.1);
        assertEquals(60.0, l.maxSeconds(), 0.1);
    }

    @Test
    void socketsExpiringInTimerBatchesStillShowTheSixtySecondMinimum() {
        // Expiry rounded up to the next 2.048 s boundary, as the HZ=250 timer wheel does.
        int total = 900;
        double[] t = new double[661];
        long[] tw = new long[t.length];
        long[] entered = new long[t.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = k * 0.1;
            for (int i = 0; i < total; i++) {
                double in = i / 300.0 + 0.37;
                double out = Math.ceil((in + 60) / 2.048) * 2.048;
                if (in <= t[k]) {
                    entered[k]++;
                    if (out > t[k]) {
                        tw[k]++;
                    }
                }
            }
        }
        TimeWaitLifetime.Lifetime l = TimeWaitLifetime.estimate(t, tw, entered).orElseThrow();
        assertEquals(60.0, l.minSeconds(), 0.15);
        assertTrue(l.maxSeconds() > 61.5 && l.maxSeconds() < 62.2, "longest " + l.maxSeconds());
    }

    @Test
    void nothingToSayWhenTooFewEntered() {
        assertTrue(simulate(0.05, 100, 60, 0.1, 65).isEmpty());
    }

    @Test
    void nothingToSayWhenHalfHaveNotLeftYet() {
        assertTrue(simulate(3, 300, 60, 0.1, 30).isEmpty());
    }
}
