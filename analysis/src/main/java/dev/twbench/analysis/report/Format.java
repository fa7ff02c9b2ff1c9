package dev.twbench.analysis.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Numbers as twbench prints them (reports and the console): thousands separated, units spelled. */
public final class Format {
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String count(Double n) {
        return n == null ? "none" : String.format(Locale.ROOT, "%,.0f", n);
    }

    /**
     * A measured figure of any kind: a whole number as a count ({@code 28,232}, {@code 1}), else
     * to three significant digits ({@code 60.4}, {@code 0.0125}), one decimal from 100 up.
     */
    public static String number(Double v) {
        if (v == null) {
            return "none";
        }
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return count(v.longValue());
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * A figure with the digits its file has, no more and no fewer: {@code 6.668}, {@code 331.5},
     * {@code 9.05}, {@code 1,000}; where {@link #number} would round to three significant digits.
     */
    public static String recorded(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        BigDecimal exact = BigDecimal.valueOf(v).stripTrailingZeros();
        return exact.scale() <= 0 ? count(exact.longValueExact())
                : String.format(Locale.ROOT, "%,." + exact.scale() + "f", exact);
    }

    /**
     * A moment as a reader writes it, in UTC to the second: "2026-11-21 19:20:11 UTC", from what
     * run.json and the other files hold ("2026-11-21T19:20:11.325162447Z[Etc/UTC]", or an
     * instant). Anything else comes back as it was.
     */
    public static String timestamp(String recorded) {
        if (recorded == null || recorded.isBlank()) {
            return "unknown";
        }
        Instant instant;
        try {
            instant = ZonedDateTime.parse(recorded).toInstant();
        } catch (DateTimeParseException notZoned) {
            try {
                instant = Instant.parse(recorded);
            } catch (DateTimeParseException notAnInstant) {
                return recorded;
            }
        }
        return READABLE.format(instant) + " UTC";
    }

    public static String seconds(Double s) {
        return s == null ? "none" : String.format(Locale.ROOT, "%.1f s", s);
    }

    public static String rate(double cps) {
        return Double.isInfinite(cps) ? "not limited by ports" : String.format(Locale.ROOT, "%,.0f/s", cps);
    }

    public static String percent(Double p) {
        return p == null ? "" : String.format(Locale.ROOT, "%+.1f %%", p);
    }

    public static String value(Double v, String unit) {
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
