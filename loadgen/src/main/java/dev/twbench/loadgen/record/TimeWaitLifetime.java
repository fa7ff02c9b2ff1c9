package dev.twbench.loadgen.record;

import java.util.OptionalDouble;

/**
 * Measures how long sockets stay in TIME_WAIT from a side's time series, without following any
 * single socket: the TcpExt {@code TW} counter says how many entered by each sample, the
 * sockstat {@code tw} level says how many are still there, so the difference says how many
 * have left. The lifetime is the time between the moment half of all entries had entered and
 * the moment half had left (a median: robust to the kernel timer's up to 2 s of slack and to
 * the sampling interval).
 */
public final class TimeWaitLifetime {
    /** Below this many entries the estimate says nothing useful. */
    static final long MIN_ENTRIES = 20;

    private TimeWaitLifetime() {
    }

    /**
     * @param elapsedSeconds sample times
     * @param timeWait       TIME_WAIT level at each sample
     * @param enteredTotal   cumulative entries into TIME_WAIT at each sample (0 at the first)
     * @return seconds, or empty if too few entered or half of them had not left by the last sample
     */
    public static OptionalDouble estimate(double[] elapsedSeconds, long[] timeWait, long[] enteredTotal) {
        int n = elapsedSeconds.length;
        if (n < 2 || enteredTotal[n - 1] < MIN_ENTRIES) {
            return OptionalDouble.empty();
        }
        double half = enteredTotal[n - 1] / 2.0;
        double[] entered = new double[n];
        double[] left = new double[n];
        for (int i = 0; i < n; i++) {
            entered[i] = enteredTotal[i];
            left[i] = enteredTotal[i] - (timeWait[i] - timeWait[0]);
        }
        OptionalDouble in = crossing(elapsedSeconds, entered, half);
        OptionalDouble out = crossing(elapsedSeconds, left, half);
        if (in.isEmpty() || out.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(out.getAsDouble() - in.getAsDouble());
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
