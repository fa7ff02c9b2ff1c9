package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseStep;
import java.util.concurrent.TimeUnit;

/**
 * How one side conducts each connection: what it writes, what it expects to read, how it
 * closes, and how long a connection may take. Immutable and shared by all connections.
 *
 * @param peerMessageEndsWithEof the peer shuts down its output after its message (half-close),
 *                               so the message is complete only with the peer's FIN
 * @param http                   HTTP/1.1's rounds and messages; null for the raw and connect protocols
 */
record ExchangeRules(Payload payload, int expectBytes, boolean peerMessageEndsWithEof, Closer closer,
        long timeoutNs, Http http) {
    ExchangeRules(int writeBytes, int expectBytes, CloseStep closeStep, CloseStep peerStep, long idleMs,
            long timeoutMs) {
        this(new Payload(writeBytes), expectBytes, peerStep == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF,
                new Closer(closeStep, idleMs), TimeUnit.MILLISECONDS.toNanos(timeoutMs), null);
    }

    /**
     * An HTTP/1.1 side: {@link ExchangeRules#payload()} is its message on a connection that stays
     * open, {@code lastPayload} the one that says {@code Connection: close}.
     *
     * @param rounds the client's requests per connection; 0 on the server, which answers until the
     *               client asks it to close or goes away
     * @param reads  what the peer sends: responses to the client, requests to the server
     */
    record Http(Payload lastPayload, int rounds, HttpMessage.Kind reads) {
    }
}
