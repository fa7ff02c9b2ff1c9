package dev.twbench.loadgen.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/** Turns {@link Message}s into single JSON lines and back; histograms into base64 and back. */
public final class MessageCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MessageCodec() {
    }

    public static String toLine(Message message) {
        try {
            return JSON.writerFor(Message.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Message fromLine(String line) {
        try {
            return JSON.readValue(line, Message.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a protocol message: " + line, e);
        }
    }

    /**
     * A histogram as the protocol carries it: HdrHistogram's own encoding (V2: counts as
     * variable-length integers, runs of zeros collapsed), base64. Not its compressed form: zlib's
     * set-up on both sides, ten times a second per side, cost more than the bytes it saves on a pipe.
     */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt histogram in agent sample", e);
        }
    }
}
