package dev.twbench.loadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** A fixed block of bytes written on every connection; shared, never freed. */
final class Payload {
    private final ByteBuf bytes;

    Payload(int size) {
        ByteBuf buf = Unpooled.directBuffer(size, size);
        buf.writeZero(size);
        bytes = Unpooled.unreleasableBuffer(buf);
    }

    /** A view to write: its own indexes, the shared content. */
    ByteBuf view() {
        return bytes.duplicate();
    }
}
