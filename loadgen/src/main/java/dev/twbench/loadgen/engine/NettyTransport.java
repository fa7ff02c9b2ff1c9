package dev.twbench.loadgen.engine;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;

/**
 * The Netty transport the agents run on: event loop, client and server channels. Client and
 * server code take this as a parameter, so a new transport is a new constant here.
 * Sockets are always IPv4 ({@code AF_INET}), so they show in /proc/net/tcp, never tcp6.
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
    };

    public abstract IoHandlerFactory ioHandlerFactory();

    public abstract ChannelFactory<SocketChannel> socketChannels();

    public abstract ChannelFactory<ServerSocketChannel> serverSocketChannels();

    /** Throws with the native library's reason if this transport cannot run here. */
    public abstract void ensureAvailable();
}
