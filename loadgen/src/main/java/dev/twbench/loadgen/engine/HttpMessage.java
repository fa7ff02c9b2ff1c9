package dev.twbench.loadgen.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 message read as its bytes arrive, allocating nothing: the client reads responses,
 * the server requests. It finds where the message ends (the head's blank line, then a
 * Content-Length body, a chunked body, or a body that runs to the peer's FIN), and keeps what the
 * exchange needs from the head: the response's status, and whether the peer said
 * {@code Connection: close}. Header lines longer than the line buffer are read to their end but
 * only their start is looked at, which is where the header's name and these values are.
 *
 * <pre>{@code
 * message.begin(HttpMessage.Kind.RESPONSE);
 * if (message.consume(bytes)) {        // true once: the whole message is in
 *     int status = message.status();  // 200, 404, ...
 * }
 * }</pre>
 */
final class HttpMessage {
    /** What is being read. */
    enum Kind {
        REQUEST,
        RESPONSE
    }

    private enum State { START_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BODY_TO_EOF, DONE }

    private static final int LINE_BYTES = 256;
    private static final byte[] CONTENT_LENGTH = bytes("content-length:");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding:");
    private static final byte[] CONNECTION = bytes("connection:");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");

    private final byte[] line = new byte[LINE_BYTES];
    private int lineLength;
    private Kind kind;
    private State state;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean closeAsked;
    private long bodyRemaining;
    private boolean malformed;

    void begin(Kind messageKind) {
        kind = messageKind;
        state = State.START_LINE;
        lineLength = 0;
        status = 0;
        contentLength = -1;
        chunked = false;
        closeAsked = false;
        bodyRemaining = 0;
        malformed = false;
    }

    /**
     * Reads what arrived, from the buffer's position.
     *
     * @return true exactly once: when these bytes complete the message (bytes after it are not read)
     */
    boolean consume(ByteBuffer bytes) {
        while (bytes.hasRemaining() && state != State.DONE && state != State.BODY_TO_EOF) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(bytes.remaining(), bodyRemaining);
                    bytes.position(bytes.position() + n);
                    bodyRemaining -= n;
                    if (bodyRemaining == 0) {
                        state = state == State.BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                default -> {
                    byte b = bytes.get();
                    if (b == '\n') {
                        endOfLine();
                    } else if (b != '\r' && lineLength < LINE_BYTES) {
                        line[lineLength++] = b;
                    }
                }
            }
        }
        if (state == State.BODY_TO_EOF) {
            bytes.position(bytes.limit());
        }
        return state == State.DONE;
    }

    /** The peer's FIN: the end of a body that runs to it; true if that completes the message. */
    boolean endOfStream() {
        if (state == State.BODY_TO_EOF) {
            state = State.DONE;
            return true;
        }
        return false;
    }

    /** Bytes of the message are still to come: an EOF now would cut it short. */
    boolean incomplete() {
        return state != State.DONE && state != State.BODY_TO_EOF;
    }

    /** The response's status code; 0 for a request or a status line that had none. */
    int status() {
        return status;
    }

    /** The message said {@code Connection: close}: the sender closes after it (or wants the peer to). */
    boolean closeAsked() {
        return closeAsked;
    }

    /** The head could not be read as HTTP (no status code, a bad length). */
    boolean malformed() {
        return malformed;
    }

    private void endOfLine() {
        int n = lineLength;
        lineLength = 0;
        switch (state) {
            case START_LINE -> {
                if (n == 0) {
                    return; // a stray CRLF before the message: allowed, and skipped
                }
                if (kind == Kind.RESPONSE) {
                    status = statusCode(n);
                    malformed = status == 0;
                }
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (n == 0) {
                    endOfHead();
                } else {
                    header(n);
                }
            }
            case CHUNK_SIZE -> {
                long size = hex(n);
                if (size < 0) {
                    malformed = true;
                    state = State.DONE;
                } else if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    bodyRemaining = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (n == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void endOfHead() {
        boolean noBody = kind == Kind.RESPONSE && (status / 100 == 1 || status == 204 || status == 304);
        if (noBody) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength > 0) {
            bodyRemaining = contentLength;
            state = State.BODY;
        } else if (contentLength == 0 || kind == Kind.REQUEST) {
            state = State.DONE; // a request without a length has no body
        } else {
            state = State.BODY_TO_EOF;
        }
    }

    private void header(int n) {
        if (startsWithIgnoringCase(n, CONTENT_LENGTH)) {
            contentLength = decimal(CONTENT_LENGTH.length, n);
            malformed |= contentLength < 0;
        } else if (startsWithIgnoringCase(n, TRANSFER_ENCODING)) {
            chunked = contains(TRANSFER_ENCODING.length, n, CHUNKED);
        } else if (startsWithIgnoringCase(n, CONNECTION)) {
            closeAsked = contains(CONNECTION.length, n, CLOSE);
        }
    }

    /** "HTTP/1.1 404 Not Found": the three digits after the first space. */
    private int statusCode(int n) {
        int i = 0;
        while (i < n && line[i] != ' ') {
            i++;
        }
        if (n - i < 4 || line[i + 1] < '1' || line[i + 1] > '5') {
            return 0;
        }
        int code = 0;
        for (int j = i + 1; j < i + 4; j++) {
            if (line[j] < '0' || line[j] > '9') {
                return 0;
            }
            code = code * 10 + line[j] - '0';
        }
        return code;
    }

    private long decimal(int from, int n) {
        long v = -1;
        for (int i = from; i < n; i++) {
            byte b = line[i];
            if (b >= '0' && b <= '9') {
                v = (v < 0 ? 0 : v * 10) + b - '0';
            } else if (b != ' ' && b != '\t' || v >= 0) {
                break;
            }
        }
        return v;
    }

    /** A chunk size line: hex digits, then maybe ";extensions". */
    private long hex(int n) {
        long v = -1;
        for (int i = 0; i < n; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                break;
            }
            v = (v < 0 ? 0 : v << 4) + d;
        }
        return v;
    }

    private boolean startsWithIgnoringCase(int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (lower(line[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code word} (lowercase) among the value's bytes from {@code from}, in any case. */
    private boolean contains(int from, int n, byte[] word) {
        for (int i = from; i + word.length <= n; i++) {
            int j = 0;
            while (j < word.length && lower(line[i + j]) == word[j]) {
                j++;
            }
            if (j == word.length) {
                return true;
            }
        }
        return false;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
