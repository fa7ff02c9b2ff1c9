package dev.twbench.loadgen.sweep;

import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.run.LabReady;
import dev.twbench.loadgen.run.Progress;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a sweep's variants one after another, each in a fresh lab, with its run folder inside the
 * sweep folder. A run that fails is recorded with its reason and the sweep goes on; Ctrl-C stops
 * the sweep after the current run has cleaned up. Variants already completed (a resumed sweep)
 * are skipped.
 *
 * <pre>{@code
 * SweepState state = SweepState.fresh(id, now, sharedArgs, axes, Matrix.expand(axes, names));
 * new SweepRunner(sweepDir, variant -> parse(shared + variant.runArgs() + [--out sweepDir --name variant.name()]),
 *         listener).run(state);
 * }</pre>
 */
public final class SweepRunner {
    /** What a sweep tells its user as it goes. */
    public interface Listener extends RunListener {
        default void variantStarting(SweepState.VariantState variant, SweepState state) {
        }

        default void variantEnded(SweepState.VariantState variant, SweepState state) {
        }

        /** This listener for the sweep's own events; this one, then {@code other}, for each run's. */
        @Override
        default Listener and(RunListener other) {
            Listener self = this;
            RunListener both = RunListener.super.and(other);
            return new Listener() {
                @Override
                public void variantStarting(SweepState.VariantState variant, SweepState state) {
                    self.variantStarting(variant, state);
                }

                @Override
                public void variantEnded(SweepState.VariantState variant, SweepState state) {
                    self.variantEnded(variant, state);
                }

                @Override
                public void staleLabRemoved(String description) {
                    both.staleLabRemoved(description);
                }

                @Override
                public void labReady(LabReady lab) {
                    both.labReady(lab);
                }

                @Override
                public void progress(Progress progress) {
                    both.progress(progress);
                }

                @Override
                public void agentExited(AgentExit exit, boolean samplingGoesOn, AgentExitPolicy policy) {
                    both.agentExited(exit, samplingGoesOn, policy);
                }

                @Override
                public void finished(Summary summary, RunFolder folder) {
                    both.finished(summary, folder);
                }
            };
        }
    }

    private final Path sweepDir;
    private final Function<SweepState.VariantState, Scenario> scenarioOf;
    private final Listener listener;

    /**
     * @param scenarioOf the variant's scenario: the shared arguments plus its own, written into the
     *                   sweep folder under the variant's name
     */
    public SweepRunner(Path sweepDir, Function<SweepState.VariantState, Scenario> scenarioOf, Listener listener) {
        this.sweepDir = sweepDir;
        this.scenarioOf = scenarioOf;
        this.listener = listener;
    }

    /** @return the final state, also on disk */
    public SweepState run(SweepState initial) throws IOException {
        SweepState state = initial;
        List<SweepState.VariantState> variants = initial.variants();
        for (SweepState.VariantState variant : variants) {
            if (variant.status() == SweepState.Status.COMPLETED) {
                continue;
            }
            SweepState.VariantState running = variant.with(SweepState.Status.RUNNING, null, null, null);
            state = state.with(running);
            state.write(sweepDir);
            listener.variantStarting(running, state);
            SweepState.VariantState ended = runOne(running);
            state = state.with(ended);
            state.write(sweepDir);
            listener.variantEnded(ended, state);
            if (ended.status() == SweepState.Status.INTERRUPTED) {
                break;
            }
        }
        return state;
    }

    private SweepState.VariantState runOne(SweepState.VariantState variant) {
        try {
            Scenario scenario = scenarioOf.apply(variant);
            RunResult result = RunController.execute(scenario, listener);
            Summary s = result.summary();
            String runDir = sweepDir.relativize(result.folder().dir()).toString();
            SweepState.Status status = switch (s.outcome().kind()) {
                case COMPLETED -> SweepState.Status.COMPLETED;
                case INTERRUPTED -> SweepState.Status.INTERRUPTED;
                case FAILED, CLIENT_GAVE_UP, AGENT_EXITED -> SweepState.Status.FAILED;
            };
            return variant.with(status, status == SweepState.Status.COMPLETED ? null : s.endReason(), runDir, s);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return variant.with(SweepState.Status.FAILED, reason.strip().lines().findFirst().orElse(reason), null, null);
        }
    }
}
