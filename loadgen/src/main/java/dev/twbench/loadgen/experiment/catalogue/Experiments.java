package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Experiment;
import java.util.List;

/** The catalogue's contents; the experiments themselves stay package-private. */
public final class Experiments {
    public static final List<Experiment> ALL = List.of(
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
            new KernelMemory());

    private Experiments() {
    }
}
