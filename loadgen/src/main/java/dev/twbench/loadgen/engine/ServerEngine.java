package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server: listens on one or more consecutive ports, with one listening socket per port or
 * N per port sharing it through SO_REUSEPORT; answers every request and closes as the close
 * order says. Counts accepted connections per listener, to show how the kernel spreads them.
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
    private static final int BACKLOG = 4096;

    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private final int listenerCount;
    /**
     * The warm-up's rules and counters until Go, the scenario's rules and fresh counters after:
     * one value, so a connection never gets one phase's rules with the other's counters.
     */
    private record PhaseState(ExchangeRules rules, ChurnCounters counters) {
    }

    private volatile PhaseState phase;
    private final ExchangeRules loadRules;

    private ServerEngine(ServerSpec spec) {
        transport = NettyTransport.of(spec.transport());
        transport.ensureAvailable();
        int perPort = Math.max(1, spec.reusePort());
        listenerCount = spec.ports() * perPort;
        phase = new PhaseState(rules(spec, ClientEngine.WARMUP_ORDER), new ChurnCounters(listenerCount));
        loadRules = rules(spec, spec.closeOrder());
        // One event loop per SO_REUSEPORT listener at least: each accepts on its own thread.
        group = new MultiThreadIoEventLoopGroup(Math.max(spec.threads(), perPort), transport.ioHandlerFactory());
        try {
            int port = spec.firstPort();
            for (int p = 0; p < spec.ports(); p++) {
                for (int r = 0; r < perPort; r++) {
                    Channel listener = bind(spec, transport, listeners.size(), port + p);
                    if (port == 0) {
                        port = ((InetSocketAddress) listener.localAddress()).getPort(); // the kernel's choice
                    }
                    listeners.add(listener);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ExchangeRules rules(ServerSpec spec, CloseOrder order) {
        return new ExchangeRules(spec.responseBytes(), spec.requestBytes(), order.step(Side.SERVER),
                order.step(Side.CLIENT), spec.idleTimeoutMs(), spec.timeoutMs());
    }

    private Channel bind(ServerSpec spec, NettyTransport transport, int index, int port) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.serverSocketChannels())
                .option(ChannelOption.SO_REUSEADDR, spec.reuseAddress())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PhaseState current = phase;
                        ch.pipeline().addLast(new ServerExchange(current.rules(), current.counters(), index));
                    }
                });
        if (spec.reusePort() > 0) {
            bootstrap.option(transport.reusePort(), true);
        }
        return bootstrap.bind(new InetSocketAddress(spec.bindAddress(), port)).syncUninterruptibly().channel();
    }

    /** Binds and listens; throws (with the errno in the message) if a port cannot be bound. */
    public static ServerEngine start(ServerSpec spec) {
        return new ServerEngine(spec);
    }

    /** The port of each listening socket, in listener order (a port repeats for SO_REUSEPORT listeners). */
    public List<Integer> listenerPorts() {
        return listeners.stream().map(l -> ((InetSocketAddress) l.localAddress()).getPort()).toList();
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
        phase = new PhaseState(loadRules, fresh);
    }

    /** SO_REUSEADDR and SO_REUSEPORT as the kernel reports them on the first listening socket. */
    public Map<String, Boolean> listenerOptions() {
        Channel first = listeners.get(0);
        Map<String, Boolean> options = new LinkedHashMap<>();
        options.put("SO_REUSEADDR", first.config().getOption(ChannelOption.SO_REUSEADDR));
        options.put("SO_REUSEPORT", first.config().getOption(transport.reusePort()));
        return options;
    }

    @Override
    public void close() {
        listeners.forEach(l -> l.close().syncUninterruptibly());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
