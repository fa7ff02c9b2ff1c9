package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads /proc files. Not {@code Files.readString}: /proc files report size 0, so the JDK starts
 * with a one-byte read, and a /proc/sys integer handler answers any read at a non-zero offset
 * with end-of-file: "131072" comes back as "1". Reading through a stream with an 8 KiB buffer
 * gets the whole value in the first read.
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
