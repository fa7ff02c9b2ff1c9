package dev.twbench.loadgen.run;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.lab.LabException;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.ResultsWriteException;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.RunRecorder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.IOException;
import java.time.ZonedDateTime;

/**
 * Runs one {@link Scenario} end to end, in four parts a reader finds apart: the setup
 * ({@link RunSetup}: the lab, the agents, run.json), the warm-up ({@link SamplingWarmup}: the
 * client's warm-up load, sampled), the ticks ({@link TickLoop}: every interval through the load and
 * the drain, then the summary), and the teardown ({@link RunGuard}: the agents ended and the lab
 * removed on every path out, Ctrl-C and failures included).
 *
 * <pre>{@code
 * RunResult result = RunController.execute(scenario, RunListener.SILENT);
 * result.summary().timeWait().get("client").peak();
 * }</pre>
 */
public final class RunController {
    private RunController() {
    }

    /**
     * @throws InvalidScenarioException bad input found late (too few file descriptors, too little
     *         space or an unwritable folder for the results, a sysctl value the kernel refused):
     *         nothing is left behind
     * @throws LabException   the lab could not be built (privileges, missing tools)
     * @throws AgentException an agent could not start (e.g. the server port is taken)
     * @throws ResultsWriteException a results file could not be written (the disk is full): the run
     *         stopped, what was written before is kept
     */
    public static RunResult execute(Scenario scenario, RunListener listener) throws IOException {
        Preflight.check(scenario);
        RunFolder folder = RunFolder.create(scenario.outDir(), scenario.name(), ZonedDateTime.now());
        try (RunGuard guard = RunGuard.install()) {
            StaleLabs.removeAbandoned().forEach(listener::staleLabRemoved);
            RunSetup.LiveRun run = RunSetup.start(scenario, folder, guard, listener);
            SamplingWarmup.run(scenario, guard, run);
            try (RunRecorder recorder = new RunRecorder(folder, System.currentTimeMillis(),
                    scenario.lab() == LabKind.NETNS, run.listenerPorts(), run.lab().sides(),
                    scenario.nat() == null ? 0 : scenario.nat().portsAvailable())) {
                Summary summary = new TickLoop(scenario, guard, listener, recorder, run).run();
                listener.finished(summary, folder);
                return new RunResult(folder, summary);
            }
        } catch (RuntimeException e) {
            folder.discard(e instanceof InvalidScenarioException);
            throw e;
        }
    }
}
