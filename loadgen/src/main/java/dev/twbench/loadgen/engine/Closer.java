package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseStep;
import java.util.concurrent.TimeUnit;

/**
 * The one close mechanism, shared by client and server on every transport: the
 * {@link ExchangeMachine} calls it at the same three moments of every connection, and its
 * {@link CloseStep} decides what the socket does.
 */
final class Closer {
    private final CloseStep step;
    private final long idleNs;

    /** @param idleMs how long {@link CloseStep#CLOSE_AFTER_IDLE} keeps an idle connection */
    Closer(CloseStep step, long idleMs) {
        this.step = step;
        this.idleNs = TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    CloseStep step() {
        return step;
    }

    /** This side's own message (request or response) has been written. */
    void afterSend(ExchangeMachine.Io io) {
        if (step == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF) {
            io.shutdownOutput(); // FIN now; reading goes on
        }
    }

    /**
     * The exchange is over on this side: its message is written and the peer's has arrived.
     *
     * @param peerEofSeen the peer's FIN came already (half-close sends it right after the request)
     */
    void afterExchange(ExchangeMachine.Io io, boolean peerEofSeen) {
        switch (step) {
            case CLOSE_AFTER_EXCHANGE -> io.close();
            case ABORT_AFTER_EXCHANGE -> io.abort();
            case CLOSE_ON_PEER_EOF, SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF -> {
                if (peerEofSeen) {
                    io.close();
                }
            }
            case CLOSE_AFTER_IDLE -> {
                if (peerEofSeen) {
                    io.close();
                } else {
                    io.armIdleClose(idleNs);
                }
            }
        }
    }

    /** HTTP keep-alive, on the server: an answer is out and the next request is awaited; server-idle starts its clock. */
    void betweenRequests(ExchangeMachine.Io io) {
        if (step == CloseStep.CLOSE_AFTER_IDLE) {
            io.armIdleClose(idleNs);
        }
    }

    /** The peer's FIN arrived after the exchange: every step closes now (a passive close). */
    void onPeerEof(ExchangeMachine.Io io) {
        io.close();
    }
}
