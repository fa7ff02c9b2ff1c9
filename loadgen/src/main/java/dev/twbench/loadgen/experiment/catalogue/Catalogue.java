package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Experiment;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every experiment twbench knows, in the order the report tells them; the experiments themselves
 * stay package-private.
 *
 * <pre>{@code
 * Experiment experiment = Catalogue.byName("server-restart");   // or Catalogue.all()
 * }</pre>
 */
public final class Catalogue {
    private static final List<Experiment> ALL = List.of(
            new ActiveCloser(),
            new Lifetime(),
            new ServerRestart(),
            new SamePartner(),
            new ClientRestart(),
            new RemoteClosesFirst(),
            new SimultaneousClose(),
            new ListenerClose(),
            new ApplicationDies(),
            new ReservedPort(),
            new SpecificAddress(),
            new TwReuse(),
            new KernelMemory(),
            new NatBoundsOpenConnections(),
            new NatServerTimeWait());

    private Catalogue() {
    }

    public static List<Experiment> all() {
        return ALL;
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
