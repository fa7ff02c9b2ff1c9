package dev.twbench.loadgen.engine;

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
import java.util.function.Supplier;

/** The server on one of Netty's transports: a channel per listening socket, a {@link ServerExchange} per connection. */
final class NettyServerDriver implements ServerDriver {
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();

    NettyServerDriver(ServerSpec spec, Supplier<ServerPhase> phase) {
        transport = NettyTransport.of(spec.transport());
        transport.ensureAvailable();
        int perPort = Math.max(1, spec.reusePort());
        // One event loop per SO_REUSEPORT listener at least: each accepts on its own thread.
        group = new MultiThreadIoEventLoopGroup(Math.max(spec.threads(), perPort), transport.ioHandlerFactory());
        try {
            int port = spec.firstPort();
            for (int p = 0; p < spec.ports(); p++) {
                for (int r = 0; r < perPort; r++) {
                    Channel listener = bind(spec, phase, listeners.size(), port + p);
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

    private Channel bind(ServerSpec spec, Supplier<ServerPhase> phase, int index, int port) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.serverSocketChannels())
                .option(ChannelOption.SO_REUSEADDR, spec.reuseAddress())
                .option(ChannelOption.SO_BACKLOG, ServerEngine.BACKLOG)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ServerPhase current = phase.get();
                        ch.pipeline().addLast(new ServerExchange(current.rules(), current.counters(), index));
                    }
                });
        if (spec.reusePort() > 0) {
            bootstrap.option(transport.reusePort(), true);
        }
        return bootstrap.bind(new InetSocketAddress(spec.bindAddress(), port)).syncUninterruptibly().channel();
    }

    @Override
    public List<Integer> listenerPorts() {
        return listeners.stream().map(l -> ((InetSocketAddress) l.localAddress()).getPort()).toList();
    }

    @Override
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
