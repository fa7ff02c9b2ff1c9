package dev.twbench.bench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A command's Java heap ran out on the results it was given. The message is the one line the user
 * sees: how large those results are and the command again with more heap.
 *
 * <pre>{@code
 * } catch (OutOfMemoryError e) {
 *     throw HeapExhaustedException.reading(paths, "report " + String.join(" ", args));
 * }
 * }</pre>
 */
final class HeapExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    private HeapExhaustedException(String message) {
        super(message, null, false, false);
    }

    /**
     * Called once the error has unwound the stack, so what filled the heap is garbage again and
     * the sizes can be looked up.
     *
     * @param command the command as typed after the jar, e.g. {@code report results/x}
     */
    static HeapExhaustedException reading(List<Path> paths, String command) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        // Twice the heap that ran out, in whole GiB: the next try should be the last.
        long suggestedGib = Math.max(1, (2 * maxHeap + GIB - 1) / GIB);
        return new HeapExhaustedException(String.format(Locale.ROOT,
                "the Java heap (%d MiB) ran out reading %s; give the JVM more heap, e.g. java -Xmx%dg -jar"
                        + " benchmarks.jar %s", maxHeap / MIB, paths.stream().map(HeapExhaustedException::size)
                        .collect(Collectors.joining(", ")), suggestedGib, command));
    }

    /** "results/x (timeseries.csv: 576,002 rows, 68.6 MB; latency.hlog: 125.2 MB)", or the folder's total. */
    private static String size(Path path) {
        Path csv = path.resolve("timeseries.csv");
        Path hlog = path.resolve("latency.hlog");
        try {
            if (Files.isRegularFile(csv)) {
                return String.format(Locale.ROOT, "%s (timeseries.csv: %,d rows, %s%s)", path, lines(csv) - 1,
                        megabytes(Files.size(csv)), Files.isRegularFile(hlog)
                                ? "; latency.hlog: " + megabytes(Files.size(hlog)) : "");
            }
            try (Stream<Path> files = Files.walk(path)) {
                long bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                return path + " (" + megabytes(bytes) + ")";
            }
        } catch (IOException | RuntimeException e) {
            return path.toString();
        }
    }

    private static long lines(Path file) throws IOException {
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    lines += buf[i] == '\n' ? 1 : 0;
                }
            }
        }
        return lines;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
