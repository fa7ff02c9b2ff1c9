package dev.twbench.loadgen.record;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.scenario.Side;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The format of timeseries.csv: one column list drives the writer; {@link TimeSeries} reads it back.
 * Its columns are the counter schema's ({@link Counters}), one each, between the row's time, side
 * and phase and the client's latency percentiles. Counts are per interval (differences between two
 * samples); levels (TIME_WAIT, sockets in use, in flight) are as read at the end of the interval.
 * A cell is empty where the counter does not apply to the side (client-only columns on server rows)
 * or was not read at that tick.
 */
public final class TimeSeriesCsv implements AutoCloseable {

    /** A column: its header (with the unit in its name) and how to print it for a row. */
    public record Column(String header, Function<SampleRow, String> value) {
    }

    public static final List<Column> COLUMNS = columns();

    private final BufferedWriter out;

    /** Creates the file and writes the header. */
    public TimeSeriesCsv(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(String.join(",", COLUMNS.stream().map(Column::header).toList()));
        out.newLine();
        out.flush();
    }

    /** Appends rows and flushes them, so an interrupted run keeps every interval it sampled. */
    public void append(List<SampleRow> rows) throws IOException {
        for (SampleRow row : rows) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(COLUMNS.get(i).value().apply(row));
            }
            out.write(line.toString());
            out.newLine();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Every column: the row's time, side and phase, one per counter of the schema, then the client's latency. */
    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("elapsedMs", r -> Long.toString(r.elapsedMs())));
        c.add(new Column("side", SampleRow::host));
        c.add(new Column("phase", r -> r.phase().label()));
        for (Counter counter : Counters.ALL) {
            c.add(new Column(counter.column(), r -> counter.appliesTo(r.side()) ? optional(r.values().get(counter)) : ""));
        }
        c.add(latency("connectP50Us", SampleRow::connect, LatencyDigest::p50Us));
        c.add(latency("connectP99Us", SampleRow::connect, LatencyDigest::p99Us));
        c.add(latency("connectMaxUs", SampleRow::connect, LatencyDigest::maxUs));
        c.add(latency("cycleP50Us", SampleRow::cycle, LatencyDigest::p50Us));
        c.add(latency("cycleP99Us", SampleRow::cycle, LatencyDigest::p99Us));
        c.add(latency("cycleMaxUs", SampleRow::cycle, LatencyDigest::maxUs));
        return List.copyOf(c);
    }

    private static String optional(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "";
    }

    private static Column latency(String header, Function<SampleRow, LatencyDigest> digest,
            Function<LatencyDigest, Long> value) {
        return new Column(header, r -> {
            LatencyDigest d = digest.apply(r);
            return r.side() == Side.CLIENT && d.count() > 0 ? Long.toString(value.apply(d)) : "";
        });
    }
}
