package dev.twbench.loadgen.engine;

import java.nio.ByteBuffer;

/**
 * When the peer's message is whole. The raw protocol's message is a fixed number of bytes (or,
 * after a half-close, everything up to the peer's FIN); it is read as bytes arrive, so that a
 * protocol whose messages say their own length (HTTP's headers, Content-Length) replaces the
 * count here and nothing else in {@link ExchangeMachine}. Reused per connection: no allocation.
 */
final class PeerMessage {
    private long bytesRemaining;
    private boolean endsWithEof;

    /**
     * @param expectBytes the message's length
     * @param untilEof    the peer ends its message with its FIN (half-close): the length is a
     *                    minimum, and the message is whole only at EOF
     */
    void begin(long expectBytes, boolean untilEof) {
        bytesRemaining = expectBytes;
        endsWithEof = untilEof;
    }

    /**
     * Reads what arrived.
     *
     * @return true exactly once: when these bytes complete the message
     */
    boolean consume(ByteBuffer bytes) {
        boolean wasWaiting = bytesRemaining > 0;
        bytesRemaining -= bytes.remaining();
        return wasWaiting && bytesRemaining <= 0 && !endsWithEof;
    }

    /** An EOF now would cut the message short. */
    boolean missingBytes() {
        return bytesRemaining > 0;
    }
}
