package dev.twbench.analysis.chart;

import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.TimeSeriesCsv;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One column of one side's timeseries.csv rows as chart data: x in seconds since the load
 * started, from {@code elapsedMs}.
 *
 * <pre>{@code
 * TimePoints tw = TimePoints.levels(run.rows(Side.CLIENT), "timeWaitSockets");
 * TimePoints cps = TimePoints.perSecond(run.rows(Side.CLIENT), "completedCount");
 * }</pre>
 */
public record TimePoints(double[] seconds, double[] values) {
    public static final TimePoints NONE = new TimePoints(new double[0], new double[0]);

    /** A level column (value at the tick); rows whose cell is empty (not read) are left out. */
    public static TimePoints levels(List<TimeSeriesCsv.Row> rows, String column) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        int n = 0;
        for (TimeSeriesCsv.Row row : rows) {
            OptionalLong v = row.optLong(column);
            if (v.isPresent()) {
                x[n] = seconds(row);
                y[n] = v.getAsLong();
                n++;
            }
        }
        return new TimePoints(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /**
     * A count column divided by its interval's length, plotted at the interval's end (the tick
     * that counted it). Intervals are not assumed equal: a slow tick makes a longer one.
     */
    public static TimePoints perSecond(List<TimeSeriesCsv.Row> rows, String countColumn) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        int n = 0;
        for (int i = 1; i < rows.size(); i++) {
            long intervalMs = rows.get(i).getLong("elapsedMs") - rows.get(i - 1).getLong("elapsedMs");
            OptionalLong count = rows.get(i).optLong(countColumn);
            if (intervalMs > 0 && count.isPresent()) {
                x[n] = seconds(rows.get(i));
                y[n] = count.getAsLong() * 1000.0 / intervalMs;
                n++;
            }
        }
        return new TimePoints(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /**
     * A count column summed up to each tick: what had happened since Go by then. Rows whose cell
     * is empty (not read) add nothing and are left out; the total carries on past them.
     */
    public static TimePoints cumulative(List<TimeSeriesCsv.Row> rows, String countColumn) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        int n = 0;
        long total = 0;
        for (TimeSeriesCsv.Row row : rows) {
            OptionalLong count = row.optLong(countColumn);
            if (count.isPresent()) {
                total += count.getAsLong();
                x[n] = seconds(row);
                y[n] = total;
                n++;
            }
        }
        return new TimePoints(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /** The first drain row's time: from there on TIME_WAIT only drains. Empty for a run without drain. */
    public static OptionalDouble drainStartSeconds(List<TimeSeriesCsv.Row> rows) {
        return rows.stream().filter(r -> r.phase() == Phase.DRAIN).mapToDouble(TimePoints::seconds).findFirst();
    }

    /** The last load row's time: where the schedule's target stops applying. */
    public static OptionalDouble loadEndSeconds(List<TimeSeriesCsv.Row> rows) {
        return rows.stream().filter(r -> r.phase() == Phase.LOAD).mapToDouble(TimePoints::seconds).max();
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

    /** Point-wise sum with another series over the same x values (for stacking). */
    TimePoints plus(TimePoints other) {
        double[] sum = values.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.values[i];
        }
        return new TimePoints(seconds, sum);
    }

    private static double seconds(TimeSeriesCsv.Row row) {
        return row.getLong("elapsedMs") / 1000.0;
    }
}
