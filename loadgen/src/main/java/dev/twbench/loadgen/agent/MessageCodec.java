package dev.twbench.loadgen.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** Turns {@link Message}s into single JSON lines and back. */
public final class MessageCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Made once: ten samples a second go through them, and each is immutable and thread-safe. */
    private static final ObjectWriter WRITER = JSON.writerFor(Message.class);
    private static final ObjectReader READER = JSON.readerFor(Message.class);

    private MessageCodec() {
    }

    public static String toLine(Message message) {
        try {
            return WRITER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Message fromLine(String line) {
        try {
            return READER.readValue(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a protocol message: " + line, e);
        }
    }
}
