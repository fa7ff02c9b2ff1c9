package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.Side;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server: accepts, answers every request, closes as the close order says.
 *
 * <pre>{@code
 * try (ServerEngine server = ServerEngine.start(spec)) {   // listening when this returns
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 */
public final class ServerEngine implements AutoCloseable {
    /** Deep enough that bursts at the highest rates are not dropped by the accept queue. */
    private static final int BACKLOG = 4096;

    private final EventLoopGroup group;
    private final Channel listener;
    /** Replaced at Go: connections accepted during the client's warm-up count elsewhere. */
    private volatile ChurnCounters counters = new ChurnCounters();

    private ServerEngine(ServerSpec spec) {
        spec.transport().ensureAvailable();
        ExchangeRules rules = new ExchangeRules(spec.responseBytes(), spec.requestBytes(),
                new Closer(spec.closeOrder().step(Side.SERVER)), spec.timeoutMs());
        group = new MultiThreadIoEventLoopGroup(spec.threads(), spec.transport().ioHandlerFactory());
        try {
            listener = new ServerBootstrap()
                    .group(group)
                    .channelFactory(spec.transport().serverSocketChannels())
                    .option(ChannelOption.SO_REUSEADDR, spec.reuseAddress())
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ServerExchange(rules, counters));
                        }
                    })
                    .bind(new InetSocketAddress(spec.bindAddress(), spec.port()))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Binds and listens; throws (with the errno in the message) if the port cannot be bound. */
    public static ServerEngine start(ServerSpec spec) {
        return new ServerEngine(spec);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Cumulative server-side counts. */
    public record Snapshot(long accepted, long completed, long failed, Map<String, Long> failures) {
    }

    public Snapshot snapshot() {
        ChurnCounters c = counters;
        // Endings before beginnings: in flight (accepted - ended) is never seen negative.
        long failed = c.failedTotal();
        long completed = c.completed.sum();
        return new Snapshot(c.accepted.sum(), completed, failed, c.failures());
    }

    /** The load starts: count from zero, with failure times from now. */
    public void markLoadStart() {
        ChurnCounters fresh = new ChurnCounters();
        fresh.origin(System.nanoTime());
        counters = fresh;
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
