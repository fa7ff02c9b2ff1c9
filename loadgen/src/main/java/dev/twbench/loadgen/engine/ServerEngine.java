package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.CloseStep;
import dev.twbench.loadgen.scenario.Side;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server: listens on one or more consecutive ports, with one listening socket per port or
 * N per port sharing it through SO_REUSEPORT; answers every request and closes as the close
 * order says. Counts accepted connections per listener, to show how the kernel spreads them.
 * The transport picks the driver: the direct engine's own loops, or one of Netty's.
 *
 * <pre>{@code
 * try (ServerEngine server = ServerEngine.start(spec)) {   // listening when this returns
 *     List<Integer> ports = server.listenerPorts();
 *     ...
 * }
 * }</pre>
 */
public final class ServerEngine implements AutoCloseable {
    /** Deep enough that bursts at the highest rates are not dropped by the accept queue. */
    static final int BACKLOG = 4096;

    private final int listenerCount;
    private final ExchangeRules loadRules;
    private volatile ServerPhase phase;
    private final ServerDriver driver;

    private ServerEngine(ServerSpec spec) {
        listenerCount = spec.ports() * Math.max(1, spec.reusePort());
        phase = new ServerPhase(rules(spec, ClientEngine.WARMUP_ORDER), new ChurnCounters(listenerCount));
        loadRules = rules(spec, spec.closeOrder());
        driver = switch (spec.transport()) {
            case DIRECT -> new DirectServerDriver(spec, this::phase);
            case EPOLL, IO_URING, NIO -> new NettyServerDriver(spec, this::phase);
        };
    }

    private static ExchangeRules rules(ServerSpec spec, CloseOrder order) {
        if (spec.http()) {
            boolean untilFin = order.step(Side.CLIENT) == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF;
            return new ExchangeRules(HttpPayloads.response(spec.responseBytes(), false), 0, untilFin,
                    new Closer(order.step(Side.SERVER), spec.idleTimeoutMs()),
                    TimeUnit.MILLISECONDS.toNanos(spec.timeoutMs()),
                    new ExchangeRules.Http(HttpPayloads.response(spec.responseBytes(), true), 0,
                            HttpMessage.Kind.REQUEST));
        }
        return new ExchangeRules(spec.responseBytes(), spec.requestBytes(), order.step(Side.SERVER),
                order.step(Side.CLIENT), spec.idleTimeoutMs(), spec.timeoutMs());
    }

    private ServerPhase phase() {
        return phase;
    }

    /** Binds and listens; throws (with the errno in the message) if a port cannot be bound. */
    public static ServerEngine start(ServerSpec spec) {
        return new ServerEngine(spec);
    }

    /** The port of each listening socket, in listener order (a port repeats for SO_REUSEPORT listeners). */
    public List<Integer> listenerPorts() {
        return driver.listenerPorts();
    }

    /**
     * Cumulative server-side counts.
     *
     * @param counters           the engine's {@link dev.twbench.loadgen.counter.Counters} values
     * @param failures           failures by kind, each kind under its own name
     * @param acceptedByListener connections each listening socket accepted, in listener order
     */
    public record Snapshot(CounterValues counters, Map<String, Long> failures, List<Long> acceptedByListener) {
        public Snapshot {
            failures = Map.copyOf(failures);
            acceptedByListener = List.copyOf(acceptedByListener);
        }
    }

    public Snapshot snapshot() {
        ChurnCounters c = phase.counters();
        return new Snapshot(c.values().build(), c.failures(), c.acceptedByListener());
    }

    /** The load starts: the scenario's close order from now on, counted from zero, failure times from now. */
    public void markLoadStart() {
        ChurnCounters fresh = new ChurnCounters(listenerCount);
        fresh.origin(System.nanoTime());
        phase = new ServerPhase(loadRules, fresh);
    }

    /** SO_REUSEADDR and SO_REUSEPORT as the kernel reports them on the first listening socket. */
    public Map<String, Boolean> listenerOptions() {
        return driver.listenerOptions();
    }

    @Override
    public void close() {
        driver.close();
    }
}
