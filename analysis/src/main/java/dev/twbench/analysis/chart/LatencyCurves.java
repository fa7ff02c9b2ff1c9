package dev.twbench.analysis.chart;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One tag of latency.hlog as curves over the run: each interval's p50, p99, p99.9 and max, in
 * microseconds, at the interval's end (seconds since the load started). The log is read line by
 * line and only this tag's histograms are decoded; what is kept is five numbers an interval, in
 * arrays (an 8-hour run at 100 ms has 288,000 intervals a tag).
 *
 * <pre>{@code
 * LatencyCurves cycle = LatencyCurves.read(run.latencyLog(), LatencyCurves.CYCLE);
 * new Curve("p99 (ms)", cycle.p99Us().scaled(0.001)).drawOn(chart, 1);
 * }</pre>
 *
 * <p>The lines are those of HdrHistogram's log format ({@code HistogramLogWriter}): comments,
 * among them {@code #[StartTime: s]} and {@code #[BaseTime: s]}, the legend, and one
 * {@code Tag=t,start,length,max,histogram} per interval. HdrHistogram's own HistogramLogScanner
 * tokenizes with regular expressions: it took 33 of the 45 s a report of an 8-hour run took. A
 * line that cannot be read (a log cut short by a killed run) ends the log there, as
 * HdrHistogram's HistogramLogReader does.
 */
record LatencyCurves(TimePoints p50Us, TimePoints p99Us, TimePoints p999Us, TimePoints maxUs) {
    static final String CONNECT = "connect";
    static final String CYCLE = "cycle";

    private static final double ONE_YEAR_SECONDS = 365 * 24 * 3600.0;

    boolean isEmpty() {
        return maxUs.isEmpty();
    }

    int size() {
        return maxUs.size();
    }

    static LatencyCurves read(Path hlog, String tag) throws IOException {
        String prefix = "Tag=" + tag + ",";
        double startTimeSec = Double.NaN;
        double baseTimeSec = Double.NaN;
        Intervals intervals = new Intervals();
        try (BufferedReader in = Files.newBufferedReader(hlog, StandardCharsets.US_ASCII)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#[StartTime: ")) {
                    startTimeSec = firstNumber(line, "#[StartTime: ".length());
                } else if (line.startsWith("#[BaseTime: ")) {
                    baseTimeSec = firstNumber(line, "#[BaseTime: ".length());
                } else if (!line.startsWith("#") && !line.startsWith("\"StartTimestamp\"") && !line.isBlank()) {
                    String[] fields = line.substring(line.startsWith("Tag=") ? line.indexOf(',') + 1 : 0).split(",");
                    double timestamp = Double.parseDouble(fields[0]);
                    if (Double.isNaN(startTimeSec)) {
                        startTimeSec = timestamp;
                    }
                    if (Double.isNaN(baseTimeSec)) {
                        // As HistogramLogReader: timestamps far below the start time are offsets
                        // from it (twbench writes them so), others are absolute.
                        baseTimeSec = timestamp < startTimeSec - ONE_YEAR_SECONDS ? startTimeSec : 0;
                    }
                    if (line.startsWith(prefix)) {
                        // Relative timestamps: the bracket is 0, and the sum exact.
                        double end = timestamp + (baseTimeSec - startTimeSec) + Double.parseDouble(fields[1]);
                        intervals.add(end, Histogram.decodeFromCompressedByteBuffer(
                                ByteBuffer.wrap(Base64.getDecoder().decode(fields[3])), 0));
                    }
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException | BufferUnderflowException
                | DataFormatException cutShort) {
            // a number, a field or a histogram (not Base64, or not whole) missing: keep the intervals before it
        }
        return intervals.curves();
    }

    private static double firstNumber(String line, int from) {
        int end = from;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != ']') {
            end++;
        }
        return Double.parseDouble(line.substring(from, end));
    }

    /** The tag's intervals so far, five numbers each, in arrays that grow. */
    private static final class Intervals {
        private double[] endSecond = new double[1024];
        private final double[][] valueUs = new double[4][1024];
        private int size;

        void add(double end, Histogram h) {
            if (size == endSecond.length) {
                endSecond = Arrays.copyOf(endSecond, size * 2);
                for (int v = 0; v < valueUs.length; v++) {
                    valueUs[v] = Arrays.copyOf(valueUs[v], size * 2);
                }
            }
            endSecond[size] = end;
            valueUs[0][size] = h.getValueAtPercentile(50);
            valueUs[1][size] = h.getValueAtPercentile(99);
            valueUs[2][size] = h.getValueAtPercentile(99.9);
            valueUs[3][size] = h.getMaxValue();
            size++;
        }

        LatencyCurves curves() {
            double[] x = Arrays.copyOf(endSecond, size);
            TimePoints[] p = new TimePoints[valueUs.length];
            for (int v = 0; v < valueUs.length; v++) {
                p[v] = new TimePoints(x, Arrays.copyOf(valueUs[v], size));
            }
            return new LatencyCurves(p[0], p[1], p[2], p[3]);
        }
    }
}
