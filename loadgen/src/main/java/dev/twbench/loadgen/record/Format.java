package dev.twbench.loadgen.record;

import java.util.Locale;

/** How the results' prose writes times, the same in summary.json and on the console. */
final class Format {
    private Format() {
    }

    /** {@code value} rounded to {@code digits} decimals, as summary.json writes measured values. */
    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** "4.2 s". */
    static String seconds(long elapsedMs) {
        return String.format(Locale.ROOT, "%.1f s", elapsedMs / 1000.0);
    }
}
