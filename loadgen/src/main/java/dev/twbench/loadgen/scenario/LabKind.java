package dev.twbench.loadgen.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
        for (LabKind kind : values()) {
            if (kind.label().equals(text)) {
                return kind;
            }
        }
        throw InvalidScenarioException.of("--lab", text, "must be one of " + Arrays.stream(values())
                .map(LabKind::label).collect(Collectors.joining(", ")));
    }
}
