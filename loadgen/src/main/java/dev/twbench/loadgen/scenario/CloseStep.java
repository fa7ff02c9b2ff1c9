package dev.twbench.loadgen.scenario;

/**
 * What one side does with its socket around the end of the exchange. A close order is one
 * step for the client and one for the server; the engine interprets the step the same way on
 * both sides, so a new close order is a new pair, not new code.
 */
public enum CloseStep {
    /** close() at once: this side sends its FIN first (unless the peer's came first). */
    CLOSE_AFTER_EXCHANGE,
    /** Wait for the peer's FIN (EOF), then close(): the passive closer. */
    CLOSE_ON_PEER_EOF,
    /** SO_LINGER {on, 0} then close(): an RST instead of a FIN, no TIME_WAIT on either side. */
    ABORT_AFTER_EXCHANGE,
    /** shutdown(SHUT_WR) right after sending its message, then close() on the peer's FIN. */
    SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF,
    /** Keep the connection open after the exchange; close() after the idle timeout, or on the peer's FIN. */
    CLOSE_AFTER_IDLE
}
