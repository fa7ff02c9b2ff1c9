package dev.twbench.loadgen.fleet;

import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.FleetSummary;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.scenario.AgentExitPolicy;

/** What a run across hosts tells whoever watches it (the console): each step, each tick, the end. */
public interface FleetListener {
    /** The agents are up, the server listens at {@code target}, and run.json is written. */
    default void ready(FleetSetup.LiveFleet fleet, RunFolder folder) {
    }

    /**
     * One tick.
     *
     * @param clientsTimeWait the client hosts' TIME_WAIT added up
     */
    default void progress(long elapsedMs, Phase phase, long completed, long failed, long clientsTimeWait,
            long serverTimeWait) {
    }

    default void agentExited(AgentExit exit, boolean samplingGoesOn, AgentExitPolicy policy) {
    }

    default void finished(FleetSummary summary, RunFolder folder) {
    }

    FleetListener SILENT = new FleetListener() {
    };
}
