package dev.twbench.loadgen.sys;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads /proc files. Not {@code Files.readString}: /proc files report size 0, so the JDK starts
 * with a one-byte read, and a /proc/sys integer handler answers any read at a non-zero offset
 * with end-of-file: "131072" comes back as "1". Reading through a stream with a large buffer
 * gets the whole value in the first read (a 16 KiB buffer here). A plain {@link FileInputStream}, not NIO's channel
 * stream: the run's probe reads a handful of these ten times a second, beside the load.
 */
public final class ProcFiles {
    /**
     * Each thread's read buffer, kept: the run's probe reads about seven of these files per tick,
     * and a fresh 8 KiB buffer for each was most of the orchestrator's garbage (on a virtual
     * machine, fresh heap pages also cost a page fault each).
     */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private ProcFiles() {
    }

    public static String read(Path file) throws IOException {
        byte[] buffer = BUFFER.get();
        int length = 0;
        try (InputStream in = new FileInputStream(file.toFile())) {
            for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    BUFFER.set(buffer);
                }
            }
        }
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }
}
