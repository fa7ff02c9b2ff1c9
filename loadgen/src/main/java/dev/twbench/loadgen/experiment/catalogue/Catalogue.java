package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Experiment;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every experiment twbench knows, in the order the report tells them. */
public final class Catalogue {
    private Catalogue() {
    }

    public static List<Experiment> all() {
        return Experiments.ALL;
    }

    public static Optional<Experiment> find(String name) {
        return all().stream().filter(e -> e.claim().name().equals(name)).findFirst();
    }

    /** The experiment called {@code name}; the message names every valid one. */
    public static Experiment byName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown experiment '" + name
                + "' (known: " + names() + ")"));
    }

    public static String names() {
        return all().stream().map(e -> e.claim().name()).collect(Collectors.joining(", "));
    }
}
