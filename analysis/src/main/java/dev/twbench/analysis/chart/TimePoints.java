package dev.twbench.analysis.chart;

import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.TimeSeries;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One column of one side's timeseries.csv rows as chart data: x in seconds since the load
 * started, from {@code elapsedMs}. Held whole (a stacked chart adds series point by point); a
 * chart draws its {@link #envelope}.
 *
 * <pre>{@code
 * TimeSeries.Columns loaded = run.series().load(Counters.TIME_WAIT, Counters.COMPLETED);
 * TimePoints tw = TimePoints.levels(loaded.get(Side.CLIENT, Counters.TIME_WAIT));
 * TimePoints cps = TimePoints.perSecond(loaded.get(Side.CLIENT, Counters.COMPLETED));
 * new Curve("TIME_WAIT sockets", tw).drawOn(chart, 0);   // draws tw.envelope(...): a few thousand points at most
 * }</pre>
 */
public record TimePoints(double[] seconds, double[] values) {
    public static final TimePoints NONE = new TimePoints(new double[0], new double[0]);

    /** A level column (value at the tick); rows whose cell is empty (not read) are left out. */
    public static TimePoints levels(TimeSeries.Column column) {
        double[] x = new double[column.size()];
        double[] y = new double[column.size()];
        int n = 0;
        for (int i = 0; i < column.size(); i++) {
            if (column.has(i)) {
                x[n] = seconds(column.rows(), i);
                y[n] = column.get(i);
                n++;
            }
        }
        return new TimePoints(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /**
     * A count column divided by its interval's length, plotted at the interval's end (the tick
     * that counted it). Intervals are not assumed equal: a slow tick makes a longer one.
     */
    public static TimePoints perSecond(TimeSeries.Column count) {
        TimeSeries.Rows rows = count.rows();
        double[] x = new double[count.size()];
        double[] y = new double[count.size()];
        int n = 0;
        for (int i = 1; i < count.size(); i++) {
            long intervalMs = rows.elapsedMs(i) - rows.elapsedMs(i - 1);
            if (intervalMs > 0 && count.has(i)) {
                x[n] = seconds(rows, i);
                y[n] = count.get(i) * 1000.0 / intervalMs;
                n++;
            }
        }
        return new TimePoints(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /**
     * A count column summed up to each tick: what had happened since Go by then. Rows whose cell
     * is empty (not read) add nothing and are left out; the total carries on past them.
     */
    public static TimePoints cumulative(TimeSeries.Column count) {
        double[] x = new double[count.size()];
        double[] y = new double[count.size()];
        int n = 0;
        long total = 0;
        for (int i = 0; i < count.size(); i++) {
            if (count.has(i)) {
                total += count.get(i);
                x[n] = seconds(count.rows(), i);
                y[n] = total;
                n++;
            }
        }
        return new TimePoints(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /** The first drain row's time: from there on TIME_WAIT only drains. Empty for a run without drain. */
    public static OptionalDouble drainStartSeconds(TimeSeries.Rows rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.phase(i) == Phase.DRAIN) {
                return OptionalDouble.of(seconds(rows, i));
            }
        }
        return OptionalDouble.empty();
    }

    /** The last load row's time: where the schedule's target stops applying. */
    public static OptionalDouble loadEndSeconds(TimeSeries.Rows rows) {
        OptionalDouble last = OptionalDouble.empty();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.phase(i) == Phase.LOAD) {
                last = OptionalDouble.of(Math.max(last.orElse(Double.NEGATIVE_INFINITY), seconds(rows, i)));
            }
        }
        return last;
    }

    /**
     * What a chart {@code columns} pixels wide can show of this series: the time range cut into
     * that many equal slices and, of each slice, its lowest and its highest point, in time order,
     * with the series' first and last points, so the curve spans the same time. At most
     * {@code 2 * columns + 2} points, whatever the run's length, and every peak and trough
     * survives (a mean per slice would flatten a one-tick spike). A series that already has no
     * more points than that is returned as it is. Points must be in time order, as rows are.
     */
    public TimePoints envelope(int columns) {
        int n = size();
        if (n <= 2 * columns + 2) {
            return this;
        }
        double first = seconds[0];
        double span = seconds[n - 1] - first;
        double[] x = new double[2 * columns + 2];
        double[] y = new double[2 * columns + 2];
        int kept = 0;
        int last = -1; // the last index kept: indexes only rise
        int i = 0;
        for (int slice = 0; slice < columns && i < n; slice++) {
            double end = slice == columns - 1 ? Double.POSITIVE_INFINITY : first + span * (slice + 1) / columns;
            int low = i;
            int high = i;
            for (i++; i < n && seconds[i] < end; i++) {
                low = values[i] < values[low] ? i : low;
                high = values[i] > values[high] ? i : high;
            }
            int[] keep = {slice == 0 ? 0 : low, Math.min(low, high), Math.max(low, high), i == n ? n - 1 : high};
            Arrays.sort(keep);
            for (int k : keep) {
                if (k > last) {
                    x[kept] = seconds[k];
                    y[kept++] = values[k];
                    last = k;
                }
            }
        }
        return new TimePoints(Arrays.copyOf(x, kept), Arrays.copyOf(y, kept));
    }

    public boolean isEmpty() {
        return seconds.length == 0;
    }

    public int size() {
        return seconds.length;
    }

    public double maxValue() {
        return Arrays.stream(values).max().orElse(0);
    }

    public double firstSecond() {
        return isEmpty() ? 0 : seconds[0];
    }

    public double lastSecond() {
        return isEmpty() ? 0 : seconds[seconds.length - 1];
    }

    /** Every value times {@code factor}, e.g. KiB to MiB. */
    public TimePoints scaled(double factor) {
        return new TimePoints(seconds, Arrays.stream(values).map(v -> v * factor).toArray());
    }

    /**
     * This series' values at {@code seconds}, a sorted superset of its own times, and 0 where it
     * has no point: for stacking series whose rows differ (a fleet's host whose agent went away
     * is counted no more, and adds nothing to the stack from then on).
     */
    TimePoints onto(double[] seconds) {
        double[] y = new double[seconds.length];
        int j = 0;
        for (int i = 0; i < seconds.length && j < this.seconds.length; i++) {
            if (this.seconds[j] == seconds[i]) {
                y[i] = values[j++];
            }
        }
        return new TimePoints(seconds, y);
    }

    /** Every time any of these series has a point, sorted, each once. */
    static double[] allSeconds(List<TimePoints> series) {
        return series.stream().flatMapToDouble(p -> Arrays.stream(p.seconds)).sorted().distinct().toArray();
    }

    /** Point-wise sum with another series over the same x values (for stacking). */
    TimePoints plus(TimePoints other) {
        double[] sum = values.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.values[i];
        }
        return new TimePoints(seconds, sum);
    }

    private static double seconds(TimeSeries.Rows rows, int i) {
        return rows.elapsedMs(i) / 1000.0;
    }
}
