package dev.twbench.loadgen.agent;

/** An agent failed a request, stopped answering, or exited. */
public class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentException(String message) {
        super(message);
    }
}
