package dev.twbench.loadgen.agent;

/** The agent's process is gone (killed, crashed, or ended by the lab's cleanup). */
public final class AgentExitedException extends AgentException {
    private static final long serialVersionUID = 1L;

    public AgentExitedException(String message) {
        super(message);
    }
}
