package dev.twbench.analysis.host;

/**
 * TIME_WAIT a local service holds: connections to this host's listening address and port that
 * this host closed first (the server side of a server-first close).
 *
 * @param service         local address:port
 * @param timeWaitSockets its 4-tuples in TIME_WAIT
 */
public record ServiceUse(String service, long timeWaitSockets) {
}
