package dev.twbench.loadgen.record;

import java.util.Locale;

/** The part of a run a sample belongs to. */
public enum Phase {
    /** From Go until the last attempt has ended. */
    LOAD,
    /** After the load: sampling until TIME_WAIT is back to its start value, or the drain limit. */
    DRAIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
