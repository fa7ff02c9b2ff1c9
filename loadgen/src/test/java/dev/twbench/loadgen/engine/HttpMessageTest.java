package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where an HTTP/1.1 message ends, read in whatever pieces the socket hands over. */
class HttpMessageTest {
    private final HttpMessage message = new HttpMessage();

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Feeds {@code text} one byte at a time: true if some byte completed the message. */
    private boolean byteByByte(String text) {
        boolean done = false;
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            done |= message.consume(ByteBuffer.wrap(new byte[] {b}));
        }
        return done;
    }

    @Test
    void aContentLengthBodyEndsTheResponseAtItsLastByte() {
        message.begin(HttpMessage.Kind.RESPONSE);
        assertFalse(message.consume(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcd")));
        assertTrue(message.incomplete());
        assertTrue(message.consume(ascii("e")));
        assertEquals(200, message.status());
        assertFalse(message.closeAsked());
    }

    @Test
    void aChunkedBodyEndsAtTheZeroChunkAndItsTrailersEvenOneByteAtATime() {
        message.begin(HttpMessage.Kind.RESPONSE);
        String response = "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
                + "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: y\r\n\r\n";
        assertFalse(byteByByte(response.substring(0, response.length() - 1)));
        assertTrue(byteByByte("\n"));
    }

    @Test
    void theStatusLineNamesTheFailureAndHeadersAreReadInAnyCase() {
        message.begin(HttpMessage.Kind.RESPONSE);
        assertTrue(message.consume(ascii("HTTP/1.1 404 Not Found\r\nCONNECTION: Close\r\ncontent-length: 0\r\n\r\n")));
        assertEquals(404, message.status());
        assertTrue(message.closeAsked());
    }

    @Test
    void aResponseWithoutLengthRunsToTheFin() {
        message.begin(HttpMessage.Kind.RESPONSE);
        assertFalse(message.consume(ascii("HTTP/1.0 200 OK\r\n\r\nand so on")));
        assertFalse(message.incomplete(), "an EOF now is the body's end, not a cut");
        assertTrue(message.endOfStream());
    }

    @Test
    void noContentHasNoBodyWhateverItSays() {
        message.begin(HttpMessage.Kind.RESPONSE);
        assertTrue(message.consume(ascii("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n")));
    }

    @Test
    void aGetEndsAtItsBlankLineAndStopsThereLeavingTheNextRequestUnread() {
        message.begin(HttpMessage.Kind.REQUEST);
        ByteBuffer two = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\n");
        assertTrue(message.consume(two));
        assertEquals("GET /next HTTP/1.1\r\n".length(), two.remaining());
        assertEquals(0, message.status(), "a request has no status");
    }

    @Test
    void aStatusLineWithoutACodeIsMalformed() {
        message.begin(HttpMessage.Kind.RESPONSE);
        message.consume(ascii("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        assertTrue(message.malformed());
    }

    @Test
    void aStrayCrlfBeforeTheMessageIsSkipped() {
        message.begin(HttpMessage.Kind.REQUEST);
        assertTrue(message.consume(ascii("\r\nGET / HTTP/1.1\r\n\r\n")));
    }
}
