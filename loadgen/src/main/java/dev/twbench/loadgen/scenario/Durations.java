package dev.twbench.loadgen.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written with their unit: {@code 250ms}, {@code 10s}, {@code 1.5m}, {@code 2h}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * @param option the flag name for the error message, e.g. {@code --duration}
     * @return the duration in milliseconds, within [minMs, maxMs]
     */
    public static long parseMs(String option, String text, long minMs, long maxMs) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        String allowed = "must be a number with a unit (ms, s, m, h) from "
                + format(minMs) + " to " + format(maxMs) + ", e.g. 10s";
        if (!m.matches()) {
            throw InvalidScenarioException.of(option, text, allowed);
        }
        double amount = Double.parseDouble(m.group(1));
        long unitMs = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        double ms = amount * unitMs;
        if (ms < minMs || ms > maxMs) {
            throw InvalidScenarioException.of(option, text, allowed);
        }
        return Math.round(ms);
    }

    /** The shortest exact spelling: 100ms, 10s, 2m, 1h. */
    public static String format(long ms) {
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0 && ms > 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
