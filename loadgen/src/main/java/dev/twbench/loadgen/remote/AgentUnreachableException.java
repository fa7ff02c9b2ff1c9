package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.agent.AgentException;

/** Nothing answered at an agent's address: no route, refused, unknown host, or no answer in time. */
public final class AgentUnreachableException extends AgentException {
    private static final long serialVersionUID = 1L;

    AgentUnreachableException(AgentEndpoint endpoint, Exception cause) {
        super("cannot reach an agent at " + endpoint + ": " + describe(cause));
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
