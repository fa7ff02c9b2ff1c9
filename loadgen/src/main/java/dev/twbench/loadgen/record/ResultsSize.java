package dev.twbench.loadgen.record;

import dev.twbench.loadgen.scenario.Scenario;
import java.util.Collection;
import java.util.Locale;

/**
 * About how many bytes a run (or a sweep) writes: its rows, latency histograms, JSON files and the
 * report at the end, so that a run that cannot fit on --out's file system is refused before it
 * starts rather than failing half-way.
 *
 * <p>The figures were measured on this project's machine (Linux 6.18, JDK 17) from three run
 * folders: {@code run --rate 2000 --duration 10s} (719 ticks, 93 with latency),
 * {@code run --rate 2000 --duration 2s --no-drain} (21 ticks) and {@code run --rate 500
 * --duration 6s --no-drain} with 1000 client ports (61 ticks, failing from 2 s on), sizes with
 * {@code os.path.getsize}, lines by length. Counted with each folder's own ticks, the model below
 * (before the margin) came to 104 %, 104 % and 96 % of the three folders' totals.
 */
public record ResultsSize(long bytes) {
    /**
     * timeseries.csv: the longest row measured was 141 bytes (a load row with latency), then 158 in
     * the first 10-minute soak (two memory columns, 6-digit latencies), plus up to 7 for the third
     * memory column, then 15 for three more counts of up to 5 digits a tick (requestsCount, and Tcp
     * activeOpenCount and passiveOpenCount: 150 bytes measured at 1,000/s), then 8 for the router's
     * eight columns, empty on the ends' rows (167 bytes, the longest client row of a NAT lab run);
     * two rows a tick, three with a NAT router, whose own rows are shorter (86 bytes at most).
     */
    static final long CSV_ROW_BYTES = 190;
    /**
     * latency.hlog: the longest interval histogram line measured was 465 bytes; two (connect, cycle) a
     * load tick, and the same two again in latency-connect.hlog and latency-cycle.hlog. The 10-minute soak's lines averaged 214 bytes with a longest of 778, and the model
     * still came to about twice that folder's size (22.1 MB for its 10.6 MB with charts drawn as
     * envelopes; 46.4 MB for 23.3 MB before): it errs on the side of refusing.
     */
    static final long HLOG_LINE_BYTES = 465;
    /**
     * The SVG charts grow with the points they draw: the TIME_WAIT, rate and failure charts by 1,435
     * bytes a tick and the latency chart by 3,155 bytes a load tick (the slope between the 21- and
     * the 719-tick run).
     */
    static final long CHART_BYTES_PER_TICK = 1_435;
    static final long LATENCY_CHART_BYTES_PER_LOAD_TICK = 3_155;
    /**
     * A chart draws at most this many points a series, however long the run: the lowest and the
     * highest of each of its 900 pixel columns, and both ends (analysis' Curve and
     * TimePoints.envelope). The slopes above apply up to it.
     */
    static final long CHART_POINTS_MAX = 2 * 900 + 2;
    /**
     * What does not grow with the run, at most: report.html 267,148, PNG charts 195,108, the SVG
     * charts' axes and text 1,268,794 (where the slope meets zero ticks), run.json 9,085,
     * report.md 4,106, summary.json 1,733, the CSV and hlog headers 604 and 339: 1,746,917 bytes.
     */
    static final long FIXED_BYTES = 1_750_000;
    /**
     * A sweep's own files (sweep.json, comparison.csv/.md, its report and overlay charts):
     * 1,480,670 bytes for two variants of 21 ticks. Its overlay charts draw each variant's
     * TIME_WAIT curves again; not measured for long runs, so charged like a run's own charts.
     */
    static final long SWEEP_FIXED_BYTES = 1_500_000;
    /** The failing run wrote 4 % more than the model (its failure chart draws more): room for what was not measured. */
    static final double MARGIN = 1.25;

    /** One run: the load lasts until its last attempt ended (at most --timeout after --duration), then the drain. */
    public static ResultsSize ofRun(Scenario s) {
        long loadTicks = ticks(s.durationMs() + s.timeoutMs(), s.intervalMs()) + 1; // +1: the baseline at Go
        long drainTicks = s.drain() ? ticks(Scenario.DRAIN_LIMIT_MS, s.intervalMs()) : 0;
        long ticks = loadTicks + drainTicks;
        long bytes = FIXED_BYTES
                + ticks * (s.nat() == null ? 2 : 3) * CSV_ROW_BYTES + Math.min(ticks, CHART_POINTS_MAX) * CHART_BYTES_PER_TICK
                + loadTicks * 4 * HLOG_LINE_BYTES + Math.min(loadTicks, CHART_POINTS_MAX) * LATENCY_CHART_BYTES_PER_LOAD_TICK;
        return new ResultsSize((long) (bytes * MARGIN));
    }

    /** A sweep: every variant's run folder, plus the sweep's own files. */
    public static ResultsSize ofSweep(Collection<Scenario> variants) {
        long bytes = (long) (SWEEP_FIXED_BYTES * MARGIN);
        for (Scenario s : variants) {
            long ticks = ticks(s.durationMs() + s.timeoutMs() + (s.drain() ? Scenario.DRAIN_LIMIT_MS : 0), s.intervalMs());
            bytes += ofRun(s).bytes() + (long) (Math.min(ticks, CHART_POINTS_MAX) * CHART_BYTES_PER_TICK * MARGIN);
        }
        return new ResultsSize(bytes);
    }

    /** "512 B", "40 KiB", "2.1 MiB", "3.4 GiB". */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return bytes / 1024 + " KiB";
        }
        double mib = bytes / (1024.0 * 1024);
        return mib < 1024 ? String.format(Locale.ROOT, "%.1f MiB", mib) : String.format(Locale.ROOT, "%.1f GiB", mib / 1024);
    }

    @Override
    public String toString() {
        return format(bytes);
    }

    private static long ticks(long ms, long intervalMs) {
        return (ms + intervalMs - 1) / intervalMs;
    }
}
