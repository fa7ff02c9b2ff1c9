package dev.twbench.loadgen.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the client gets its local port, which decides when and how ports run out.
 *
 * @param mode   the kind of binding
 * @param lowPort  first port of twbench's own range ({@link Mode#RANGE} only)
 * @param highPort last port of twbench's own range ({@link Mode#RANGE} only)
 */
public record ClientBind(Mode mode, int lowPort, int highPort) {

    public enum Mode {
        /** Plain connect(): the kernel picks the source port (and address). Exhausted: EADDRNOTAVAIL. */
        NONE("none"),
        /** bind(address, 0) then connect(): the port is chosen at bind. Exhausted: EADDRINUSE. */
        PORT0("port0"),
        /** bind(address, 0) with IP_BIND_ADDRESS_NO_PORT: the port is chosen at connect, per 4-tuple. */
        NO_PORT("no-port"),
        /** twbench walks its own port range with SO_REUSEADDR, the next port on EADDRINUSE/EADDRNOTAVAIL. */
        RANGE("range");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Pattern RANGE_SPEC = Pattern.compile("range:(\\d{1,5})-(\\d{1,5})");
    private static final String ALLOWED = "must be none, port0, no-port or range:LO-HI (ports 1-65535, LO <= HI)";

    public static final ClientBind NONE = new ClientBind(Mode.NONE, 0, 0);

    public ClientBind {
        if (mode == Mode.RANGE && (lowPort < 1 || highPort > 65_535 || lowPort > highPort)) {
            throw InvalidScenarioException.of("--client-bind", "range:" + lowPort + "-" + highPort, ALLOWED);
        }
    }

    /** True if the client binds its socket to one of its addresses before connect(). */
    public boolean binds() {
        return mode != Mode.NONE;
    }

    /** Ports in twbench's own range. */
    public int rangeSize() {
        return highPort - lowPort + 1;
    }

    @JsonCreator
    public static ClientBind parse(String text) {
        for (Mode m : Mode.values()) {
            if (m != Mode.RANGE && m.label.equals(text)) {
                return new ClientBind(m, 0, 0);
            }
        }
        Matcher range = RANGE_SPEC.matcher(text == null ? "" : text);
        if (range.matches()) {
            return new ClientBind(Mode.RANGE, Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
        }
        throw InvalidScenarioException.of("--client-bind", text, ALLOWED);
    }

    /** {@code none}, {@code port0}, {@code no-port}, {@code range:40000-40999}. */
    @JsonValue
    @Override
    public String toString() {
        return mode == Mode.RANGE ? "range:" + lowPort + "-" + highPort : mode.label;
    }
}
