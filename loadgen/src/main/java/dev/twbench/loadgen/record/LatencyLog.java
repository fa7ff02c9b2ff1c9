package dev.twbench.loadgen.record;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * latency.hlog: the client's interval histograms in HdrHistogram's log format, tagged
 * {@code connect} and {@code cycle}, values in microseconds, timestamps in seconds since the
 * load started. Also keeps the whole-run totals (fixed size, whatever the run length).
 */
final class LatencyLog implements AutoCloseable {
    static final String CONNECT = "connect";
    static final String CYCLE = "cycle";

    private final Path path;
    private final FailureKeepingStream stream;
    private final PrintStream file;
    private final HistogramLogWriter writer;
    private final Histogram connectTotal = new Histogram(3);
    private final Histogram cycleTotal = new Histogram(3);
    /**
     * Each interval is encoded from this one histogram, so that the encoder's working buffer is
     * made once rather than for every interval (HdrHistogram keeps it per histogram).
     */
    private final Histogram encoding = new Histogram(3);

    LatencyLog(Path path, long startEpochMs) throws FileNotFoundException {
        this.path = path;
        stream = new FailureKeepingStream(new FileOutputStream(path.toFile()));
        file = new PrintStream(stream);
        writer = new HistogramLogWriter(file);
        writer.outputComment("twbench client latency, microseconds from each attempt's scheduled start;"
                + " tags: connect (until connected), cycle (until the socket closed)");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMs);
        writer.setBaseTime(startEpochMs);
        writer.outputLegend();
        file.flush();
    }

    /**
     * Appends one interval, [fromMs, toMs) since the start; flushed at once.
     *
     * @throws IOException the file could not be written (e.g. the disk is full)
     */
    void append(long fromMs, long toMs, Histogram connect, Histogram cycle) throws IOException {
        write(CONNECT, fromMs, toMs, connect, connectTotal);
        write(CYCLE, fromMs, toMs, cycle, cycleTotal);
        if (file.checkError()) { // flushes, and says whether any write failed
            throw stream.failure != null ? stream.failure : new IOException("write failed");
        }
    }

    Path path() {
        return path;
    }

    private void write(String tag, long fromMs, long toMs, Histogram interval, Histogram total) {
        if (interval == null || interval.getTotalCount() == 0) {
            return;
        }
        encoding.reset();
        encoding.add(interval);
        encoding.setTag(tag);
        encoding.setStartTimeStamp(fromMs);
        encoding.setEndTimeStamp(toMs);
        writer.outputIntervalHistogram(fromMs / 1000.0, toMs / 1000.0, encoding, 1.0);
        total.add(interval);
    }

    LatencyDigest connectTotal() {
        return LatencyDigest.of(connectTotal);
    }

    LatencyDigest cycleTotal() {
        return LatencyDigest.of(cycleTotal);
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
