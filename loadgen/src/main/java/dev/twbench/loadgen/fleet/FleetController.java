package dev.twbench.loadgen.fleet;

import dev.twbench.loadgen.record.FleetRecorder;
import dev.twbench.loadgen.record.FleetSummary;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.run.RunGuard;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link Scenario} across hosts ({@code run --server-agent --client-agent ...}): the
 * setup ({@link FleetSetup}: the agents reached, authenticated, started; run.json), the ticks
 * ({@link FleetTickLoop}), and on every path out each agent told to end its run (Exit), or, if
 * the orchestrator dies, told by its closed connection. The results folder is the same as a
 * one-machine run's, with a host per side: {@code server}, {@code client-1} ... {@code client-N}.
 *
 * <pre>{@code
 * FleetResult result = FleetController.execute(scenario, fleet, FleetListener.SILENT);
 * result.summary().fleet().completed();
 * }</pre>
 */
public final class FleetController {
    private FleetController() {
    }

    /** A finished run across hosts: its folder and its summary. */
    public record FleetResult(RunFolder folder, FleetSummary summary) {
    }

    /**
     * @throws InvalidScenarioException an option a run across hosts cannot honour, an agent that
     *         cannot be reached (which), a token an agent refused: nothing is left behind
     */
    public static FleetResult execute(Scenario scenario, FleetSpec fleet, FleetListener listener) throws IOException {
        refuseWhatOneMachineOnlyHas(scenario);
        try (RunGuard guard = RunGuard.install()) {
            FleetSetup.Links links = FleetSetup.connect(fleet, guard);
            RunFolder folder = RunFolder.create(scenario.outDir(), scenario.name(), ZonedDateTime.now());
            try {
                return run(scenario, fleet, listener, guard, links, folder);
            } catch (RuntimeException e) {
                folder.discard(e instanceof InvalidScenarioException);
                throw e;
            }
        }
    }

    private static FleetResult run(Scenario scenario, FleetSpec fleet, FleetListener listener, RunGuard guard,
            FleetSetup.Links links, RunFolder folder) throws IOException {
        FleetSetup.LiveFleet live = FleetSetup.start(scenario, fleet, links, folder);
        listener.ready(live, folder);
        List<FleetRecorder.Host> hosts = new ArrayList<>();
        live.all().forEach(a -> hosts.add(a.host()));
        try (FleetRecorder recorder = new FleetRecorder(folder, System.currentTimeMillis(), hosts)) {
            FleetSummary summary = new FleetTickLoop(scenario, guard, listener, recorder, live).run();
            listener.finished(summary, folder);
            return new FleetResult(folder, summary);
        }
    }

    /**
     * The lab's own features need the one machine: its NAT router, its extra source addresses,
     * a client command (twbench cannot check where it sends load), and the warm-up of a local client.
     */
    static void refuseWhatOneMachineOnlyHas(Scenario scenario) {
        if (scenario.nat() != null) {
            throw InvalidScenarioException.of("--nat-ports", scenario.nat().portsAvailable(),
                    "builds a NAT router inside one machine's lab; not with --server-agent (plan a real NAT with 'plan')");
        }
        if (scenario.clientCommand() != null) {
            throw InvalidScenarioException.of("--client-cmd", scenario.clientCommand().template(),
                    "is not run by remote agents: twbench cannot check where a user's command sends load");
        }
        if (scenario.clientAddresses() > 1) {
            throw InvalidScenarioException.of("--client-addresses", scenario.clientAddresses(),
                    "adds addresses inside the lab; across hosts, add client agents instead");
        }
        if (scenario.warmupMs() > 0) {
            throw InvalidScenarioException.of("--warmup", scenario.warmupMs() + " ms",
                    "warms a local client only; give --warmup 0s with --server-agent");
        }
    }
}
