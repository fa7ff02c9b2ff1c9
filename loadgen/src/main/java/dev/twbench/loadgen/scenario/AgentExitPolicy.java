package dev.twbench.loadgen.scenario;

import java.util.Locale;

/**
 * What a run does when one of its agents dies mid-run (killed, crashed, out of memory). Either
 * way every interval sampled so far stays on disk and summary.json says which agent ended, when
 * and how.
 */
public enum AgentExitPolicy {
    /** End the run at the tick that noticed: record that last interval, stop the other agent, write the summary. */
    STOP,
    /**
     * Keep sampling to the planned end: a dead server shows as the client's ECONNREFUSED per
     * interval, a dead client as the end of the load (the drain follows). The dead side's kernel
     * counters are still read from its namespace, so no interval goes missing.
     */
    CONTINUE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentExitPolicy parse(String text) {
        return Labelled.parse("--on-agent-exit", text, values(), AgentExitPolicy::label);
    }
}
