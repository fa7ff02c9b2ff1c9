package dev.twbench.loadgen.agent;

/** The agent's process is gone (killed, crashed, or ended by the lab's cleanup). */
public final class AgentExitedException extends AgentException {
    private static final long serialVersionUID = 1L;

    private final String how;

    /** @param how how it ended, e.g. {@code exited with code 137 (SIGKILL)} */
    public AgentExitedException(String message, String how) {
        super(message);
        this.how = how;
    }

    public String how() {
        return how;
    }
}
