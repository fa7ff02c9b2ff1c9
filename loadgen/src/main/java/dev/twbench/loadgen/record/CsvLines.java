package dev.twbench.loadgen.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The whole lines of a file, handed over as byte ranges of one reused buffer: no String and no
 * array per line, so a file of any length is read in constant memory. A last line without its
 * newline is left out: the writer was stopped in the middle of it.
 *
 * <pre>{@code
 * CsvLines.forEach(file, (line, from, to, number) -> {
 *     int cells = CsvLines.split(line, from, to, ends);   // where each cell ends
 *     return true;                                         // false stops reading
 * });
 * }</pre>
 */
final class CsvLines {
    private static final int BUFFER_BYTES = 1 << 16;

    /** Gets each whole line; {@code line[from, to)} without its line end. */
    interface Handler {
        /** @return false to stop reading */
        boolean line(byte[] line, int from, int to, long number) throws IOException;
    }

    private CsvLines() {
    }

    static void forEach(Path file, Handler handler) throws IOException {
        byte[] buf = new byte[BUFFER_BYTES];
        int start = 0;
        int filled = 0;
        long number = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, filled - start);
                    filled -= start;
                    start = 0;
                }
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                }
                int read = in.read(buf, filled, buf.length - filled);
                if (read < 0) {
                    return; // buf[start, filled) is a line cut short, or nothing
                }
                int scanFrom = filled;
                filled += read;
                for (int i = scanFrom; i < filled; i++) {
                    if (buf[i] == '\n') {
                        int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                        if (!handler.line(buf, start, end, ++number)) {
                            return;
                        }
                        start = i + 1;
                    }
                }
            }
        }
    }

    /**
     * Splits {@code line[from, to)} at its commas: {@code ends[c]} is where cell c ends (its comma
     * or {@code to}), and cell c starts at {@code ends[c - 1] + 1} ({@code from} for the first).
     * Stops after {@code ends.length} cells.
     *
     * @return the number of cells found, at most {@code ends.length}
     */
    static int split(byte[] line, int from, int to, int[] ends) {
        int cells = 0;
        for (int i = from; i < to && cells < ends.length; i++) {
            if (line[i] == ',') {
                ends[cells++] = i;
            }
        }
        if (cells < ends.length) {
            ends[cells++] = to;
        }
        return cells;
    }

    /** Where cell {@code c} starts, given {@link #split}'s ends. */
    static int cellStart(int from, int[] ends, int c) {
        return c == 0 ? from : ends[c - 1] + 1;
    }

    /** Whether {@code line[from, to)} is exactly {@code ascii}. */
    static boolean equals(byte[] line, int from, int to, byte[] ascii) {
        return Arrays.equals(line, from, to, ascii, 0, ascii.length);
    }
}
