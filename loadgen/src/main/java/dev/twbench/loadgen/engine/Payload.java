package dev.twbench.loadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;

/**
 * A fixed block of bytes written on every connection; shared, never freed. Netty drivers write
 * a {@link #view()}; the direct engine writes from {@link #address()}.
 */
final class Payload {
    private final ByteBuffer memory;
    private final ByteBuf bytes;
    private final long address;

    Payload(int size) {
        this(new byte[size]);
    }

    /** These bytes: an HTTP head and body, made once per run. */
    Payload(byte[] content) {
        memory = ByteBuffer.allocateDirect(content.length).put(content).flip();
        bytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(memory));
        address = PlatformDependent.directBufferAddress(memory);
    }

    /** A view to write: its own indexes, the shared content. */
    ByteBuf view() {
        return bytes.duplicate();
    }

    /** The content's native address, for send(2). */
    long address() {
        return address;
    }

    int length() {
        return memory.capacity();
    }
}
