package dev.twbench.bench.metrics;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.counter.Source;
import dev.twbench.loadgen.run.LabReady;
import dev.twbench.loadgen.run.Progress;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.scenario.Side;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;

/**
 * A run's live state in Prometheus' text format at {@code http://ADDRESS:PORT/metrics}, for as
 * long as the command lasts ({@code --metrics-port}). Every value is the one the run's last tick
 * recorded, the same as that tick's timeseries.csv rows: levels as read, counts since Go.
 *
 * <pre>{@code
 * try (LiveMetrics metrics = LiveMetrics.start(InetAddress.getLoopbackAddress(), 9464)) {
 *     RunController.execute(scenario, console.and(metrics));
 * }
 * }</pre>
 *
 * <p>Each scrape is built from one tick ({@link #collect}), so its values belong together: the
 * TIME_WAIT level it shows is the one in the timeseries.csv row at its
 * {@code twbench_run_elapsed_seconds}. Prometheus' own client serves it (its registry, text format
 * and HTTP server); a scrape never waits for a tick and a tick never waits for a scrape.
 *
 * <p>Names follow Prometheus' conventions: {@code twbench_timewait_sockets{side}},
 * {@code twbench_connections_total{side,result}}, {@code twbench_failures_total{side,reason}},
 * {@code twbench_latency_seconds{kind}} (a summary), and one metric per kernel counter of the
 * schema ({@link Counters}), named after its column: {@code twEnteredCount} is
 * {@code twbench_tw_entered_total}, {@code natMappings} is {@code twbench_nat_mappings}. Every one
 * carries the run's id as {@code run}: a sweep's runs follow one another on one endpoint.
 */
public final class LiveMetrics implements RunListener, AutoCloseable {
    /** What a scrape reads: the run's id and its last tick. */
    record Tick(String runId, Progress progress) {
    }

    private final HTTPServer server;
    private volatile String runId = "";
    /** Null until the first tick: until then a scrape is empty. */
    private volatile Tick last;

    private LiveMetrics(InetAddress address, int port) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register((MultiCollector) this::collect);
        this.server = HTTPServer.builder().inetAddress(address).port(port).registry(registry).buildAndStart();
    }

    /**
     * Serves {@code /metrics} on {@code address:port} from now until {@link #close()}.
     *
     * @throws IOException the port is taken, or the address is not this host's
     */
    public static LiveMetrics start(InetAddress address, int port) throws IOException {
        return new LiveMetrics(address, port);
    }

    /** The port it serves on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void labReady(LabReady lab) {
        runId = lab.folder().runId();
    }

    @Override
    public void progress(Progress progress) {
        last = new Tick(runId, progress);
    }

    @Override
    public void close() {
        server.close();
    }

    /** One scrape: every family from the same tick. */
    private MetricSnapshots collect() {
        Tick t = last;
        return t == null ? MetricSnapshots.of() : snapshot(t);
    }

    static MetricSnapshots snapshot(Tick t) {
        Scrape s = new Scrape(t);
        Progress p = t.progress();
        s.gauge("twbench_run_elapsed_seconds", "Seconds since the load started (Go), at the tick these values are from")
                .point(p.elapsedMs() / 1000.0);
        s.gauge("twbench_timewait_sockets", "TIME_WAIT sockets of each side's namespace (sockstat tw)")
                .eachEnd(Counters.TIME_WAIT);
        s.gauge("twbench_in_flight_connections", "Connections open at the tick").eachEnd(Counters.IN_FLIGHT);
        s.counter("twbench_connections", "Connections since Go, by how they ended; the server also counts those it"
                + " accepted")
                .eachEnd(Counters.COMPLETED, "result", "completed")
                .eachEnd(Counters.FAILED, "result", "failed")
                .eachEnd(Counters.ACCEPTED, "result", "accepted");
        Scrape.Family failures = s.counter("twbench_failures", "Failed connections since Go, by errno or twbench's"
                + " own reason (TIMEOUT, EARLY_EOF, OTHER)");
        for (String kind : FailureKinds.COLUMNS) {
            failures.eachEnd(Counters.failed(kind), "reason", kind);
        }
        s.counter("twbench_attempts", "The client's attempts since Go: due by the schedule, started, started late")
                .eachEnd(Counters.ATTEMPTS_DUE, "stage", "due")
                .eachEnd(Counters.ATTEMPTS_STARTED, "stage", "started")
                .eachEnd(Counters.LATE, "stage", "late");
        s.latency("twbench_latency_seconds", "The client's latency since Go from each attempt's scheduled start:"
                + " connect, and the whole cycle", p.connect(), p.cycle());
        // The kernel's counters, generically: one family per counter of the schema, named after its column.
        for (Counter c : Counters.ALL) {
            if (c.source() == Source.ENGINE || c.source() == Source.MEMORY || c == Counters.TIME_WAIT) {
                continue;
            }
            String help = c.label() + " (" + c.source().description() + ", " + c.unit() + ")";
            (c.isCount() ? s.counter("twbench_" + snake(c.column().replaceFirst("Count$", "")), help)
                    : s.gauge("twbench_" + snake(c.column()), help)).eachSide(c, Side.values());
        }
        return s.build();
    }

    /** {@code twEntered} to {@code tw_entered}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
