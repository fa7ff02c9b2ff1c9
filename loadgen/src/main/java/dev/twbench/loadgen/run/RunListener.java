package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.AgentExitPolicy;

/**
 * What a run tells its user as it goes, as events: the CLI words them for the console, a sweep
 * for its progress bar, tests ignore them.
 */
public interface RunListener {
    RunListener SILENT = new RunListener() {
    };

    /** A lab that a killed run left behind was removed before this one started. */
    default void staleLabRemoved(String description) {
    }

    /** The lab and both agents are up, run.json is written; the load is about to start. */
    default void labReady(LabReady lab) {
    }

    /** Every tick. */
    default void progress(Progress progress) {
    }

    /**
     * An agent died mid-run.
     *
     * @param samplingGoesOn the run goes on sampling ({@code --on-agent-exit continue} with something left to sample)
     */
    default void agentExited(AgentExit exit, boolean samplingGoesOn, AgentExitPolicy policy) {
    }

    /** The summary is on disk; called before the lab is removed. */
    default void finished(Summary summary, RunFolder folder) {
    }

    /** This listener, then {@code other}, for every event: the console and the live metrics of one run. */
    default RunListener and(RunListener other) {
        RunListener first = this;
        return new RunListener() {
            @Override
            public void staleLabRemoved(String description) {
                first.staleLabRemoved(description);
                other.staleLabRemoved(description);
            }

            @Override
            public void labReady(LabReady lab) {
                first.labReady(lab);
                other.labReady(lab);
            }

            @Override
            public void progress(Progress progress) {
                first.progress(progress);
                other.progress(progress);
            }

            @Override
            public void agentExited(AgentExit exit, boolean samplingGoesOn, AgentExitPolicy policy) {
                first.agentExited(exit, samplingGoesOn, policy);
                other.agentExited(exit, samplingGoesOn, policy);
            }

            @Override
            public void finished(Summary summary, RunFolder folder) {
                first.finished(summary, folder);
                other.finished(summary, folder);
            }
        };
    }
}
