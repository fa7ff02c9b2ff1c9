package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.Transport;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.StandardSocketOptions;
import java.nio.channels.spi.SelectorProvider;
import java.util.Optional;

/**
 * A {@link Transport} in Netty's terms: the event loop, the client and server channels, and the
 * few options whose spelling differs per transport. Client and server code take this as a
 * parameter and are otherwise identical on all three.
 *
 * <p>Sockets are IPv4 ({@code AF_INET}) so they show in /proc/net/tcp: epoll and NIO are asked
 * for it; io_uring follows {@code java.net.preferIPv4Stack}, which the agents set.
 */
public enum NettyTransport {
    EPOLL {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public ChannelFactory<SocketChannel> socketChannels() {
            return () -> new EpollSocketChannel(SocketProtocolFamily.INET);
        }

        @Override
        public ChannelFactory<ServerSocketChannel> serverSocketChannels() {
            return () -> new EpollServerSocketChannel(SocketProtocolFamily.INET);
        }

        @Override
        public void ensureAvailable() {
            Epoll.ensureAvailability();
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.ofNullable(Epoll.unavailabilityCause());
        }

        @Override
        public ChannelOption<Boolean> reusePort() {
            return EpollChannelOption.SO_REUSEPORT;
        }
    },
    IO_URING {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return IoUringIoHandler.newFactory();
        }

        @Override
        public ChannelFactory<SocketChannel> socketChannels() {
            return IoUringSocketChannel::new;
        }

        @Override
        public ChannelFactory<ServerSocketChannel> serverSocketChannels() {
            return IoUringServerSocketChannel::new;
        }

        @Override
        public void ensureAvailable() {
            IoUring.ensureAvailability();
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.ofNullable(IoUring.unavailabilityCause());
        }

        @Override
        public ChannelOption<Boolean> reusePort() {
            return UnixChannelOption.SO_REUSEPORT;
        }
    },
    NIO {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public ChannelFactory<SocketChannel> socketChannels() {
            return () -> new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET);
        }

        @Override
        public ChannelFactory<ServerSocketChannel> serverSocketChannels() {
            return () -> new NioServerSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET);
        }

        @Override
        public void ensureAvailable() {
            // the JDK's own
        }

        @Override
        public ChannelOption<Boolean> reusePort() {
            return NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
        }

        @Override
        public ChannelOption<Integer> ipOption(String name, int optname) {
            throw new IllegalStateException(name + " cannot be set through NIO (the scenario should have refused it)");
        }
    };

    /** Level {@code IPPROTO_IP} of setsockopt(). */
    private static final int IPPROTO_IP = 0;

    public static NettyTransport of(Transport transport) {
        return valueOf(transport.name());
    }

    public abstract IoHandlerFactory ioHandlerFactory();

    public abstract ChannelFactory<SocketChannel> socketChannels();

    public abstract ChannelFactory<ServerSocketChannel> serverSocketChannels();

    /** Throws with the native library's reason if this transport cannot run here. */
    public abstract void ensureAvailable();

    /** Why this transport cannot run here; empty if it can. */
    public Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    public abstract ChannelOption<Boolean> reusePort();

    /** An {@code IPPROTO_IP} integer socket option by number, for options Netty has no name for. */
    public ChannelOption<Integer> ipOption(String name, int optname) {
        return new IntegerUnixChannelOption(name, IPPROTO_IP, optname);
    }
}
