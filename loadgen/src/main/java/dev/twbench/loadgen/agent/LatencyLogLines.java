package dev.twbench.loadgen.agent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One interval of latency.hlog, written where the histograms are: in the client agent. HdrHistogram's
 * own {@link HistogramLogWriter} turns each histogram into its line (compressed, base64, tagged),
 * and the orchestrator appends the lines to the log as they come, under the header it wrote. The
 * orchestrator thus never decodes, adds or compresses a histogram while the load runs: it has a
 * share of the same cores, and that work was most of its time per tick.
 *
 * <pre>{@code
 * String lines = LatencyLogLines.of(fromMs, toMs, connectUs, cycleUs);   // on the agent
 * latencyLog.append(lines);                                             // on the orchestrator
 * }</pre>
 */
public final class LatencyLogLines {
    /** The tag of the connect latencies: from the attempt's scheduled start until connected. */
    public static final String CONNECT = "connect";
    /** The tag of the whole-cycle latencies: from the attempt's scheduled start until the socket closed. */
    public static final String CYCLE = "cycle";

    private LatencyLogLines() {
    }

    /**
     * The log's lines for the interval [fromMs, toMs) since the start, one per non-empty histogram
     * (values in microseconds); an empty string when both are empty.
     */
    public static String of(long fromMs, long toMs, Histogram connectUs, Histogram cycleUs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.US_ASCII);
        HistogramLogWriter writer = new HistogramLogWriter(out);
        write(writer, CONNECT, fromMs, toMs, connectUs);
        write(writer, CYCLE, fromMs, toMs, cycleUs);
        out.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /**
     * One histogram's line for the interval [fromMs, toMs), under {@code tag}: how a fleet's merged
     * and per-host intervals are written. Empty for an empty histogram.
     */
    public static String line(String tag, long fromMs, long toMs, Histogram interval) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.US_ASCII);
        write(new HistogramLogWriter(out), tag, fromMs, toMs, interval);
        out.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static void write(HistogramLogWriter writer, String tag, long fromMs, long toMs, Histogram interval) {
        if (interval.getTotalCount() == 0) {
            return;
        }
        interval.setTag(tag);
        interval.setStartTimeStamp(fromMs);
        interval.setEndTimeStamp(toMs);
        writer.outputIntervalHistogram(fromMs / 1000.0, toMs / 1000.0, interval, 1.0);
    }
}
