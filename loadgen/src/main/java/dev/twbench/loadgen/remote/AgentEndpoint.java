package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.scenario.InvalidScenarioException;

/**
 * Where a long-lived agent listens, {@code HOST:PORT} as the user typed it: a name is resolved
 * when connecting, so a Kubernetes Service name works.
 *
 * <pre>{@code
 * AgentEndpoint server = AgentEndpoint.parse("--server-agent", "10.0.0.5:7070");
 * }</pre>
 */
public record AgentEndpoint(String host, int port) {
    public static AgentEndpoint parse(String option, String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw InvalidScenarioException.of(option, String.valueOf(text), "must be HOST:PORT, e.g. 10.0.0.5:7070");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw InvalidScenarioException.of(option, text, "the port must be 1 to 65535");
        }
        return new AgentEndpoint(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
