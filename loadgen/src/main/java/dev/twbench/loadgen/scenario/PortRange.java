package dev.twbench.loadgen.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An inclusive range of ports, {@code LO-HI}. */
public record PortRange(int low, int high) {
    private static final Pattern SPEC = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

    /**
     * @param option the flag, for the error message
     */
    public static PortRange parse(String option, String text) {
        Matcher m = SPEC.matcher(text == null ? "" : text.trim());
        if (m.matches()) {
            int lo = Integer.parseInt(m.group(1));
            int hi = Integer.parseInt(m.group(2));
            if (lo >= 1 && hi <= 65_535 && lo <= hi) {
                return new PortRange(lo, hi);
            }
        }
        throw InvalidScenarioException.of(option, text, "must be LO-HI with 1 <= LO <= HI <= 65535");
    }

    @JsonCreator
    static PortRange fromJson(String text) {
        return parse("port range", text);
    }

    public int size() {
        return high - low + 1;
    }

    @JsonValue
    @Override
    public String toString() {
        return low + "-" + high;
    }
}
