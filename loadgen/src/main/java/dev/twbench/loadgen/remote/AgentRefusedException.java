package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.agent.AgentException;

/** A remote agent refused the handshake (a wrong token), or the peer is not a twbench agent. */
public final class AgentRefusedException extends AgentException {
    private static final long serialVersionUID = 1L;

    public AgentRefusedException(String message) {
        super(message);
    }
}
