package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Measures how long sockets stay in TIME_WAIT from a side's time series, without following any
 * single socket: the TcpExt {@code TW} counter says how many had entered by each sample, the
 * sockstat {@code tw} level how many are still there, so the difference says how many have left.
 * Sockets leave in the order they entered (every one gets the same timeout), so the q-th to
 * enter is the q-th to leave, and its lifetime is the time between the two curves at height q.
 *
 * <p>Every socket is held at least TCP_TIMEWAIT_LEN (60 s) and then up to one timer-wheel
 * granule longer (2.048 s at HZ=250): the shortest lifetime measures TCP_TIMEWAIT_LEN, the
 * spread measures the timer. The estimate assumes no socket left early (taken over by a new
 * SYN or recycled by connect()): callers check that first.
 */
public final class TimeWaitLifetime {
    /** Below this many entries the estimate says nothing useful. */
    static final long MIN_ENTRIES = 20;
    /** Lifetimes are measured for the sockets between these fractions of all entries. */
    private static final double FIRST = 0.01;
    private static final double LAST = 0.99;
    private static final int STEPS = 98;

    private TimeWaitLifetime() {
    }

    /** Shortest, median and longest time in TIME_WAIT among the measured sockets, in seconds. */
    public record Lifetime(double minSeconds, double medianSeconds, double maxSeconds) {
    }

    /**
     * Each side's estimate from a run's time series: its TIME_WAIT level and its TcpExt TW count.
     * Samples where the level was not read are left out; the entries counted in them still add to
     * the total of the samples after them.
     */
    public static Map<Side, Optional<Lifetime>> measure(TimeSeries series) throws IOException {
        TimeSeries.Columns loaded = series.load(Counters.TIME_WAIT, Counters.TW_ENTERED);
        Map<Side, Optional<Lifetime>> result = new EnumMap<>(Side.class);
        for (Side side : Side.ENDS) {
            TimeSeries.Column tw = loaded.get(side, Counters.TIME_WAIT);
            TimeSeries.Column entered = loaded.get(side, Counters.TW_ENTERED);
            int n = 0;
            for (int i = 0; i < tw.size(); i++) {
                n += tw.has(i) ? 1 : 0;
            }
            double[] t = new double[n];
            long[] level = new long[n];
            long[] enteredTotal = new long[n];
            long total = 0;
            for (int i = 0, k = 0; i < tw.size(); i++) {
                total += entered.orElse(i, 0);
                if (tw.has(i)) {
                    t[k] = tw.rows().elapsedMs(i) / 1000.0;
                    level[k] = tw.get(i);
                    enteredTotal[k++] = total;
                }
            }
            result.put(side, estimate(t, level, enteredTotal));
        }
        return result;
    }

    /**
     * @param elapsedSeconds sample times
     * @param timeWait       TIME_WAIT level at each sample
     * @param enteredTotal   cumulative entries into TIME_WAIT at each sample (0 at the first)
     * @return empty if too few entered, or if 99 % of them had not left by the last sample
     */
    public static Optional<Lifetime> estimate(double[] elapsedSeconds, long[] timeWait, long[] enteredTotal) {
        int n = elapsedSeconds.length;
        if (n < 2 || enteredTotal[n - 1] < MIN_ENTRIES) {
            return Optional.empty();
        }
        double[] entered = new double[n];
        double[] left = new double[n];
        for (int i = 0; i < n; i++) {
            entered[i] = enteredTotal[i];
            left[i] = enteredTotal[i] - (timeWait[i] - timeWait[0]);
        }
        double total = enteredTotal[n - 1];
        double[] lifetimes = new double[STEPS + 1];
        for (int k = 0; k <= STEPS; k++) {
            double q = total * (FIRST + (LAST - FIRST) * k / STEPS);
            OptionalDouble in = crossing(elapsedSeconds, entered, q);
            OptionalDouble out = crossing(elapsedSeconds, left, q);
            if (in.isEmpty() || out.isEmpty()) {
                return Optional.empty();
            }
            lifetimes[k] = out.getAsDouble() - in.getAsDouble();
        }
        Arrays.sort(lifetimes);
        return Optional.of(new Lifetime(lifetimes[0], lifetimes[STEPS / 2], lifetimes[STEPS]));
    }

    /** When the rising series first reaches {@code target}, interpolated between samples. */
    private static OptionalDouble crossing(double[] t, double[] y, double target) {
        for (int i = 0; i < t.length; i++) {
            if (y[i] >= target) {
                if (i == 0) {
                    return OptionalDouble.of(t[0]);
                }
                double fraction = (target - y[i - 1]) / (y[i] - y[i - 1]);
                return OptionalDouble.of(t[i - 1] + fraction * (t[i] - t[i - 1]));
            }
        }
        return OptionalDouble.empty();
    }
}
