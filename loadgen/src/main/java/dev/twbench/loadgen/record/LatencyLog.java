package dev.twbench.loadgen.record;

import dev.twbench.loadgen.agent.LatencyLogLines;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.HdrHistogram.HistogramLogWriter;

/**
 * latency.hlog: the client's interval histograms in HdrHistogram's log format, tagged
 * {@code connect} and {@code cycle}, values in microseconds, timestamps in seconds since the
 * load started. This writes the header; the client agent writes each interval's lines
 * ({@link LatencyLogLines}), and they are appended as they come.
 */
final class LatencyLog implements AutoCloseable {
    private final Path path;
    private final FailureKeepingStream stream;
    private final PrintStream file;

    LatencyLog(Path path, long startEpochMs) throws FileNotFoundException {
        this.path = path;
        stream = new FailureKeepingStream(new FileOutputStream(path.toFile()));
        file = new PrintStream(stream);
        writeHeader(new HistogramLogWriter(file), "twbench client latency, microseconds from each attempt's"
                + " scheduled start; tags: connect (until connected), cycle (until the socket closed)", startEpochMs);
        file.flush();
    }

    /** A log's header as HdrHistogram's tools expect it: a comment, the format, the start time, the legend. */
    static void writeHeader(HistogramLogWriter writer, String comment, long startEpochMs) {
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMs);
        writer.setBaseTime(startEpochMs);
        writer.outputLegend();
    }

    /**
     * Appends one interval's lines, as the agent wrote them; flushed at once.
     *
     * @throws IOException the file could not be written (e.g. the disk is full)
     */
    void append(String lines) throws IOException {
        file.print(lines);
        if (file.checkError()) { // flushes, and says whether any write failed
            throw stream.failure != null ? stream.failure : new IOException("write failed");
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        file.close();
    }

    /** HistogramLogWriter writes through a PrintStream, which swallows write errors: this keeps the first. */
    private static final class FailureKeepingStream extends FilterOutputStream {
        private IOException failure;

        FailureKeepingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        private IOException keep(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
