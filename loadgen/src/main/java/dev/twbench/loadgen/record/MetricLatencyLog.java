package dev.twbench.loadgen.record;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
        for (HlogLine line : HlogLine.parseAll(lines)) {
            if (line.tag().equals(tag)) {
                writer.outputIntervalHistogram(line.startSec(), line.startSec() + line.lengthSec(),
                        toNanos(line.histogram()), NANOS_PER_MILLI);
            }
        }
        if (file.checkError()) {
            throw new IOException("writing the " + tag + " latency log failed");
        }
    }

    private static Histogram toNanos(Histogram us) {
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
