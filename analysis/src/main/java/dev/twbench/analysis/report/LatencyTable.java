package dev.twbench.analysis.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * A run's latency as a table: for connect and for the whole cycle, the count, mean, p50, p90,
 * p99, p99.9 and max over the run, from latency.hlog (every interval's histogram added up, in
 * microseconds from each attempt's scheduled start).
 */
final class LatencyTable {
    static final List<String> HEADERS = List.of("latency (µs)", "count", "mean", "p50", "p90", "p99", "p99.9", "max");
    private static final List<String> METRICS = List.of("connect", "cycle");

    private LatencyTable() {
    }

    /** The table, or a sentence saying why there is none (no log, or nothing in it). */
    static Report.Block of(Path hlog) throws IOException {
        if (!Files.exists(hlog)) {
            return new Report.Paragraph("No latency log (latency.hlog) in this run folder.", false);
        }
        List<Histogram> totals = totals(hlog);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < METRICS.size(); i++) {
            Histogram h = totals.get(i);
            if (h.getTotalCount() > 0) {
                rows.add(List.of(METRICS.get(i), Format.count(h.getTotalCount()), us(h.getMean()),
                        us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                        us(h.getValueAtPercentile(99.9)), us(h.getMaxValue())));
            }
        }
        return rows.isEmpty() ? new Report.Paragraph("No attempt was timed: the latency log is empty.", false)
                : Report.Table.of(HEADERS, rows);
    }

    /** connect's and cycle's histograms over the whole run, in that order. */
    static List<Histogram> totals(Path hlog) throws IOException {
        List<Histogram> totals = new ArrayList<>();
        for (int i = 0; i < METRICS.size(); i++) {
            totals.add(new Histogram(3));
        }
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null) {
            int metric = METRICS.indexOf(interval.getTag());
            if (metric >= 0 && interval instanceof Histogram h) {
                totals.get(metric).add(h);
            }
        }
        return totals;
    }

    private static String us(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
