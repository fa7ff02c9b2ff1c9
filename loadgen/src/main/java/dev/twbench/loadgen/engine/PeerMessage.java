package dev.twbench.loadgen.engine;

import java.nio.ByteBuffer;

/**
 * When the peer's message is whole. The raw protocol's message is a fixed number of bytes (or,
 * after a half-close, everything up to the peer's FIN); HTTP's says its own length
 * ({@link HttpMessage}). Either is read as bytes arrive, and nothing else in {@link ExchangeMachine}
 * knows which. Reused per connection: no allocation.
 */
final class PeerMessage {
    /** Failure names by status code, made once: a failing run names thousands. */
    private static final String[] HTTP_FAILURES = new String[600];

    static {
        for (int code = 100; code < HTTP_FAILURES.length; code++) {
            HTTP_FAILURES[code] = "HTTP_" + code;
        }
    }

    /** A response whose head could not be read as HTTP. */
    static final String HTTP_MALFORMED = "HTTP_MALFORMED";

    private final HttpMessage http = new HttpMessage();
    private HttpMessage.Kind httpKind;
    private long expectBytes;
    private long bytesRemaining;
    private boolean endsWithEof;
    private boolean empty;

    /**
     * @param expected the message's length (raw)
     * @param untilEof the peer ends its message with its FIN (half-close): the length is a minimum,
     *                 and the message is whole only at EOF
     * @param kind     the HTTP message read instead of a byte count; null for raw bytes
     */
    void begin(long expected, boolean untilEof, HttpMessage.Kind kind) {
        expectBytes = expected;
        bytesRemaining = expected;
        endsWithEof = untilEof;
        httpKind = kind;
        empty = kind == null && expected == 0 && !untilEof;
        if (kind != null) {
            http.begin(kind);
        }
    }

    /** The next message on the same connection (HTTP keep-alive). */
    void next() {
        begin(expectBytes, endsWithEof, httpKind);
    }

    /** The message has no bytes (the connect protocol): it is whole as soon as the connection is up. */
    boolean wholeOnConnect() {
        return empty;
    }

    /**
     * Reads what arrived.
     *
     * @return true exactly once: when these bytes complete the message
     */
    boolean consume(ByteBuffer bytes) {
        if (httpKind != null) {
            // Under half-close the client's last request (the one that says close) is whole at its FIN, as
            // raw's is: the server answers after the client's FIN, so the server is the passive closer.
            return http.consume(bytes) && !(endsWithEof && http.closeAsked());
        }
        boolean wasWaiting = bytesRemaining > 0;
        bytesRemaining -= bytes.remaining();
        return wasWaiting && bytesRemaining <= 0 && !endsWithEof;
    }

    /** An EOF now would cut the message short. */
    boolean missingBytes() {
        return httpKind != null ? http.incomplete() : bytesRemaining > 0;
    }

    /** The peer's FIN ends an HTTP body that runs to it; true if that completes the message. */
    boolean endOfStream() {
        return httpKind != null && (http.endOfStream() || endsWithEof && http.closeAsked() && !http.incomplete());
    }

    /** The peer's message, whole, is a failure: an HTTP response outside 2xx, or no HTTP at all; null if not. */
    String failure() {
        if (httpKind == null) {
            return null;
        }
        if (http.malformed()) {
            return HTTP_MALFORMED;
        }
        int status = http.status();
        return httpKind == HttpMessage.Kind.RESPONSE && status / 100 != 2 ? HTTP_FAILURES[status] : null;
    }

    /** The peer said {@code Connection: close} (HTTP). */
    boolean closeAsked() {
        return httpKind != null && http.closeAsked();
    }
}
