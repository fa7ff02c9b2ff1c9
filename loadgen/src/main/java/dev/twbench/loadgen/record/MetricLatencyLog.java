package dev.twbench.loadgen.record;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One metric's latency as standard tools read it: {@code latency-connect.hlog} and
 * {@code latency-cycle.hlog}, untagged, values in nanoseconds, HdrHistogram's own conventions, so
 * that {@code HistogramLogProcessor -i FILE} needs no other flag and prints milliseconds (its
 * default unit ratio divides by 1,000,000).
 *
 * <p>Each interval is the agent's histogram of that metric (microseconds, from latency.hlog's
 * line with its tag), its values scaled by 1,000: every recorded bucket moves to the bucket of its
 * value in nanoseconds, so the precision (significant digits) is the agent's.
 */
final class MetricLatencyLog implements AutoCloseable {
    private static final long NANOS_PER_MICRO = 1_000;
    /** HistogramLogProcessor's default: nanoseconds in, milliseconds out. */
    private static final double NANOS_PER_MILLI = 1e6;

    private final String tag;
    private final PrintStream file;
    private final HistogramLogWriter writer;

    MetricLatencyLog(Path path, String tag, long startEpochMs) throws FileNotFoundException {
        this.tag = tag;
        file = new PrintStream(new FileOutputStream(path.toFile()));
        writer = new HistogramLogWriter(file);
        LatencyLog.writeHeader(writer, "twbench client " + tag + " latency, nanoseconds from each attempt's"
                + " scheduled start", startEpochMs);
        file.flush();
    }

    /**
     * Takes latency.hlog's lines of one interval and writes this metric's, scaled to nanoseconds.
     *
     * @throws IOException a line is not an interval histogram, or the file could not be written
     */
    void append(String lines) throws IOException {
        for (String line : lines.split("\n")) {
            // Tag=cycle,<start s>,<length s>,<max>,<base64 histogram>
            if (!line.startsWith("Tag=" + tag + ",")) {
                continue;
            }
            String[] f = line.split(",", 5);
            double startSec = Double.parseDouble(f[1]);
            double lengthSec = Double.parseDouble(f[2]);
            writer.outputIntervalHistogram(startSec, startSec + lengthSec, toNanos(f[4].strip()), NANOS_PER_MILLI);
        }
        if (file.checkError()) {
            throw new IOException("writing the " + tag + " latency log failed");
        }
    }

    private static Histogram toNanos(String base64) throws IOException {
        Histogram us;
        try {
            us = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException("an interval histogram that does not decode: " + e.getMessage(), e);
        }
        Histogram ns = new Histogram(us.getNumberOfSignificantValueDigits());
        for (HistogramIterationValue v : us.recordedValues()) {
            ns.recordValueWithCount(v.getValueIteratedTo() * NANOS_PER_MICRO, v.getCountAtValueIteratedTo());
        }
        return ns;
    }

    @Override
    public void close() {
        file.close();
    }
}
