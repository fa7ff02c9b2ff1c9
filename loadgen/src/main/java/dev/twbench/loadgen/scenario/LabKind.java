package dev.twbench.loadgen.scenario;

import java.util.Locale;

/** Where the two agents live. */
public enum LabKind {
    /** Two fresh network namespaces joined by a veth pair: isolated counters, own sysctls. */
    NETNS,
    /** The host's own stack on loopback: no namespaces, no sysctl changes. */
    HOST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LabKind parse(String text) {
        return Labelled.parse("--lab", text, values(), LabKind::label);
    }
}
