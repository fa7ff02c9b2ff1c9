package dev.twbench.loadgen.scenario;

import java.util.Locale;

/** The two ends of every connection, named as in files, charts and the CLI. */
public enum Side {
    CLIENT,
    SERVER;

    /** {@code client} or {@code server}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
