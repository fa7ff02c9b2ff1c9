package dev.twbench.analysis.chart;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.record.TimeSeries;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A level of several hosts of a run across hosts, added at each tick: the fleet's TIME_WAIT is its
 * client hosts' added. Every host has a row at every tick, but a cell may be empty (a host whose
 * agent went away is read no more): its last reading is carried, as the recorder does for
 * summary.json's {@code fleet.timeWaitPeak}, so the curve's peak is that figure. A host not read
 * yet adds 0.
 *
 * <pre>{@code
 * TimePoints clients = HostSum.levels(fleet.series(), fleet.clients(), Counters.TIME_WAIT);
 * clients.maxValue();   // summary.json's fleet.timeWaitPeak
 * }</pre>
 */
final class HostSum {
    private HostSum() {
    }

    /** @param hosts side labels of timeseries.csv, e.g. {@code [client-1, client-2]} */
    static TimePoints levels(TimeSeries series, List<String> hosts, Counter level) throws IOException {
        TimeSeries.Columns loaded = series.load(level);
        long[] ticksMs = hosts.stream().map(series::rows)
                .flatMapToLong(rows -> Arrays.stream(elapsedMs(rows))).sorted().distinct().toArray();
        double[] sum = new double[ticksMs.length];
        for (String host : hosts) {
            TimeSeries.Column column = loaded.get(host, level);
            int row = 0;
            long last = 0;
            for (int t = 0; t < ticksMs.length; t++) {
                for (; row < column.size() && column.rows().elapsedMs(row) <= ticksMs[t]; row++) {
                    last = column.orElse(row, last);
                }
                sum[t] += last;
            }
        }
        return new TimePoints(Arrays.stream(ticksMs).mapToDouble(ms -> ms / 1000.0).toArray(), sum);
    }

    private static long[] elapsedMs(TimeSeries.Rows rows) {
        long[] ms = new long[rows.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = rows.elapsedMs(i);
        }
        return ms;
    }
}
