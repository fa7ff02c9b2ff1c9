package dev.twbench.analysis.report;

import java.util.Locale;

/** Numbers as the reports print them: thousands separated, units spelled, nothing invented. */
final class Format {
    private Format() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String count(Double n) {
        return n == null ? "none" : String.format(Locale.ROOT, "%,.0f", n);
    }

    static String seconds(Double s) {
        return s == null ? "none" : String.format(Locale.ROOT, "%.1f s", s);
    }

    static String rate(double cps) {
        return Double.isInfinite(cps) ? "not limited by ports" : String.format(Locale.ROOT, "%,.0f/s", cps);
    }

    static String percent(Double p) {
        return p == null ? "" : String.format(Locale.ROOT, "%+.1f %%", p);
    }

    static String value(Double v, String unit) {
        if (v == null) {
            return "none";
        }
        return switch (unit) {
            case "s" -> seconds(v);
            case "per second" -> rate(v);
            default -> count(v);
        };
    }
}
