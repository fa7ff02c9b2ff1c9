package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The client on one of Netty's transports: an event loop and a bootstrap per {@link ClientLoop}. */
final class NettyClientDriver implements ClientDriver {
    private final ClientSpec spec;
    private final ClientTargets targets;
    private final NanoClock clock;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final List<Bootstrap> bootstraps = new ArrayList<>();

    NettyClientDriver(ClientSpec spec, ClientTargets targets, NanoClock clock, int loopCount) {
        this.spec = spec;
        this.targets = targets;
        this.clock = clock;
        this.transport = NettyTransport.of(spec.transport());
        transport.ensureAvailable();
        this.group = new MultiThreadIoEventLoopGroup(loopCount, transport.ioHandlerFactory());
        Map<ChannelOption<Integer>, Integer> rawOptions = rawOptions();
        Iterator<?> executors = group.iterator();
        for (int i = 0; i < loopCount; i++) {
            // A bootstrap per loop: every channel of this loop's attempts lives on this loop.
            Bootstrap bootstrap = new Bootstrap()
                    .group((EventLoop) executors.next())
                    .channelFactory(transport.socketChannels())
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.TCP_NODELAY, true)
                    // Netty's own connect timeout must never fire before the attempt's --timeout does.
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            spec.timeoutMs() + 1_000));
            if (spec.bind().mode() == ClientBind.Mode.RANGE) {
                bootstrap.option(ChannelOption.SO_REUSEADDR, true); // binding ports that hold TIME_WAIT
            }
            rawOptions.forEach(bootstrap::option);
            bootstraps.add(bootstrap);
        }
        try {
            verify(rawOptions);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * JDK NIO closes a channel that is registered with a selector only when that selector next
     * selects: Netty has reported it inactive (and its attempt ended) before the kernel saw the
     * close. Two tasks, one after the other, on each loop: between them the loop selects again,
     * and that selection closes them. (The native transports close at once; the round trips cost
     * them nothing.)
     */
    @Override
    public void awaitSocketsClosed() {
        for (int round = 0; round < 2; round++) {
            for (EventExecutor loop : group) {
                loop.submit(() -> { }).syncUninterruptibly();
            }
        }
    }

    /** Options set by number: IP_BIND_ADDRESS_NO_PORT for no-port, IP_LOCAL_PORT_RANGE for a port range. */
    private Map<ChannelOption<Integer>, Integer> rawOptions() {
        Map<ChannelOption<Integer>, Integer> options = new LinkedHashMap<>();
        if (spec.bind().mode() == ClientBind.Mode.NO_PORT) {
            options.put(SocketOptions.bindAddressNoPort(transport), 1);
        }
        if (spec.portRange() != null) {
            options.put(SocketOptions.localPortRange(transport), SocketOptions.localPortRangeValue(spec.portRange()));
        }
        return options;
    }

    /**
     * Netty only logs a warning when an option fails at channel setup; set each one on a probe
     * socket, where a refusal throws, so that a kernel without it is a clear error now.
     */
    private void verify(Map<ChannelOption<Integer>, Integer> rawOptions) {
        if (rawOptions.isEmpty()) {
            return;
        }
        Channel probe = bootstraps.get(0).clone().handler(new ChannelInboundHandlerAdapter()).register()
                .syncUninterruptibly().channel();
        try {
            for (Map.Entry<ChannelOption<Integer>, Integer> option : rawOptions.entrySet()) {
                try {
                    if (!probe.config().setOption(option.getKey(), option.getValue())) {
                        throw new IllegalArgumentException("the " + spec.transport().label() + " transport does not"
                                + " recognise the socket option " + option.getKey().name());
                    }
                } catch (ChannelException e) {
                    throw SocketOptions.refused(option.getKey().name(), Failures.classify(e));
                }
            }
        } finally {
            probe.close().syncUninterruptibly();
        }
    }

    @Override
    public LoadLoop newLoop(int index, int stride, int cap, ExchangeRules rules, ChurnCounters counters,
            Runnable onFinished) {
        Bootstrap bootstrap = bootstraps.get(index);
        return new ClientLoop((EventLoop) bootstrap.config().group(), bootstrap, targets, spec.bind(), counters,
                rules, clock, index, stride, cap, onFinished);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
