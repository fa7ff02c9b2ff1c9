package dev.twbench.loadgen.record;

import dev.twbench.loadgen.engine.Failures;
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
 * Counts are per interval (differences between two samples); levels (TIME_WAIT, sockets in use,
 * in flight) are as read at the end of the interval. A cell is empty where the column does not
 * apply to the side (client-only columns on server rows) or was not read at that tick.
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

    public static String failureHeader(String kind) {
        return "failed" + kind + "Count";
    }

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("elapsedMs", r -> Long.toString(r.elapsedMs())));
        c.add(new Column("side", r -> r.side().label()));
        c.add(new Column("phase", r -> r.phase().label()));
        c.add(new Column("timeWaitSockets", r -> optional(r.timeWait())));
        c.add(new Column("tcpInUseSockets", r -> Long.toString(r.tcpInUse())));
        c.add(new Column("twEnteredCount", r -> Long.toString(r.tcpExtDelta().tw())));
        c.add(new Column("twRecycledCount", r -> Long.toString(r.tcpExtDelta().twRecycled())));
        c.add(new Column("twOverflowCount", r -> Long.toString(r.tcpExtDelta().twOverflow())));
        c.add(new Column("abortOnDataCount", r -> Long.toString(r.tcpExtDelta().abortOnData())));
        c.add(new Column("abortOnCloseCount", r -> Long.toString(r.tcpExtDelta().abortOnClose())));
        c.add(clientOnly("attemptsDueCount", r -> r.counts().due()));
        c.add(clientOnly("attemptsStartedCount", r -> r.counts().started()));
        c.add(clientOnly("connectedCount", r -> r.counts().connected()));
        c.add(new Column("completedCount", r -> Long.toString(r.counts().completed())));
        c.add(clientOnly("lateCount", r -> r.counts().late()));
        c.add(new Column("acceptedCount", r -> r.side() == Side.SERVER ? Long.toString(r.counts().accepted()) : ""));
        c.add(new Column("peerResetCount", r -> Long.toString(r.counts().peerResets())));
        c.add(clientOnly("bindRetryCount", r -> r.counts().bindRetries()));
        c.add(new Column("inFlightConnections", r -> Long.toString(r.inFlight())));
        c.add(new Column("failedCount", r -> Long.toString(r.counts().failed())));
        for (String kind : Failures.COLUMNS) {
            c.add(new Column(failureHeader(kind), r -> Long.toString(failuresOfKind(r, kind))));
        }
        c.add(latency("connectP50Us", SampleRow::connect, LatencyDigest::p50Us));
        c.add(latency("connectP99Us", SampleRow::connect, LatencyDigest::p99Us));
        c.add(latency("connectMaxUs", SampleRow::connect, LatencyDigest::maxUs));
        c.add(latency("cycleP50Us", SampleRow::cycle, LatencyDigest::p50Us));
        c.add(latency("cycleP99Us", SampleRow::cycle, LatencyDigest::p99Us));
        c.add(latency("cycleMaxUs", SampleRow::cycle, LatencyDigest::maxUs));
        c.add(new Column("agentRssKiB", r -> optional(r.agentRssKiB())));
        c.add(new Column("orchestratorHeapUsedKiB", r -> Long.toString(r.orchestratorHeapUsedKiB())));
        c.add(new Column("orchestratorHeapAfterGcKiB", r -> optional(r.orchestratorHeapAfterGcKiB())));
        return List.copyOf(c);
    }

    private static String optional(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "";
    }

    /** Kinds without a column of their own are summed into OTHER. */
    private static long failuresOfKind(SampleRow row, String kind) {
        Map<String, Long> failures = row.counts().failures();
        if (!Failures.OTHER.equals(kind)) {
            return failures.getOrDefault(kind, 0L);
        }
        return failures.entrySet().stream().filter(e -> !Failures.COLUMNS.contains(e.getKey()) || Failures.OTHER.equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Column clientOnly(String header, Function<SampleRow, Long> value) {
        return new Column(header, r -> r.side() == Side.CLIENT ? Long.toString(value.apply(r)) : "");
    }

    private static Column latency(String header, Function<SampleRow, LatencyDigest> digest,
            Function<LatencyDigest, Long> value) {
        return new Column(header, r -> {
            LatencyDigest d = digest.apply(r);
            return r.side() == Side.CLIENT && d.count() > 0 ? Long.toString(value.apply(d)) : "";
        });
    }
}
