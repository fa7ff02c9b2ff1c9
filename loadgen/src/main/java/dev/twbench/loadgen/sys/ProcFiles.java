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
     * The most one read() asks for. A /proc/sys handler allocates a kernel buffer of the size asked
     * and refuses with ENOMEM past KMALLOC_MAX_SIZE (4 MiB here): once a large table had grown the
     * kept buffer to 8 MiB, reading tcp_max_tw_buckets through it failed with "Cannot allocate
     * memory" (JMH suite, BindUnderTimeWaitBenchmark after its 50,000 TIME_WAIT).
     */
    private static final int MAX_READ_BYTES = 64 * 1024;
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
            for (int n; (n = in.read(buffer, length, Math.min(buffer.length - length, MAX_READ_BYTES))) > 0; ) {
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
