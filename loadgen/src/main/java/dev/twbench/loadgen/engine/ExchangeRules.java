package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseStep;
import java.util.concurrent.TimeUnit;

/**
 * How one side conducts each connection: what it writes, what it expects to read, how it
 * closes, and how long a connection may take. Immutable and shared by all connections.
 *
 * @param peerMessageEndsWithEof the peer shuts down its output after its message (half-close),
 *                               so the message is complete only with the peer's FIN
 */
record ExchangeRules(Payload payload, int expectBytes, boolean peerMessageEndsWithEof, Closer closer,
        long timeoutNs) {
    ExchangeRules(int writeBytes, int expectBytes, CloseStep closeStep, CloseStep peerStep, long idleMs,
            long timeoutMs) {
        this(new Payload(writeBytes), expectBytes, peerStep == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF,
                new Closer(closeStep, idleMs), TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    }
}
