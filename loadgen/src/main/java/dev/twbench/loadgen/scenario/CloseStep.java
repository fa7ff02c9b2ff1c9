package dev.twbench.loadgen.scenario;

/**
 * What one side does with its socket once the request/response exchange is over. A close
 * order is one step for the client and one for the server; the engine interprets the step
 * the same way on both sides, so a new close order is a new pair, not new code.
 */
public enum CloseStep {
    /** close() at once: this side sends the first FIN, so it is the active closer and holds TIME_WAIT. */
    CLOSE_AFTER_EXCHANGE,
    /** Wait for the peer's FIN (EOF), then close(): the passive closer, no TIME_WAIT here. */
    CLOSE_ON_PEER_EOF,
    /** SO_LINGER {on, 0} then close(): an RST instead of a FIN, no TIME_WAIT on either side. */
    ABORT_AFTER_EXCHANGE
}
