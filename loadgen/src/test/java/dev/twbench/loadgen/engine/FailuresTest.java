package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twbench.loadgen.counter.FailureKinds;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failures are named by the kernel's errno, asked of the kernel itself where it can be. */
class FailuresTest {

    @BeforeAll
    static void loadTheEpollLibrary() {
        // Netty's Errors class initialises from the native library, as it does in every agent.
        NettyTransport.EPOLL.ensureAvailable();
    }

    @Test
    void bindToAnAddressThisHostDoesNotHaveIsEaddrnotavail() throws IOException {
        try (Socket socket = new Socket()) {
            BindException e = assertThrows(BindException.class,
                    () -> socket.bind(new InetSocketAddress("198.51.100.1", 0)));
            assertEquals("EADDRNOTAVAIL", Failures.classify(e));
        }
    }

    @Test
    void bindToAPortInUseIsEaddrinuseThoughTheExceptionTypeIsTheSame() throws IOException {
        try (ServerSocket first = new ServerSocket()) {
            first.setReuseAddress(false);
            first.bind(new InetSocketAddress("127.0.0.1", 0));
            try (ServerSocket second = new ServerSocket()) {
                second.setReuseAddress(false);
                BindException e = assertThrows(BindException.class, () -> second.bind(first.getLocalSocketAddress()));
                assertEquals("EADDRINUSE", Failures.classify(e));
            }
        }
    }

    /** How Netty reports a refused connect; the direct engine gets the errno itself (SyscallsTest). */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void connectToAClosedPortIsEconnrefusedOnEveryNettyTransport(NettyTransport transport) throws Exception {
        // A port bound but not listening: held by this test, so no other process can listen on it.
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress("127.0.0.1", 0));
        int closedPort = holder.getLocalPort();
        transport.ensureAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        try (holder) {
            ChannelFuture connect = new Bootstrap().group(group).channelFactory(transport.socketChannels())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress("127.0.0.1", closedPort)).awaitUninterruptibly();
            assertEquals("ECONNREFUSED", Failures.classify(connect.cause()), String.valueOf(connect.cause()));
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void nettyNativeIoExceptionCarriesTheNegatedErrno() {
        assertEquals("ECONNRESET", Failures.classify(new Errors.NativeIoException("read", -104)));
    }

    @Test
    void errnoInNettysConnectMessageIsFoundThroughWrappers() {
        IOException wrapped = new IOException("annotated", new java.net.ConnectException(
                "connect(..) failed with error(-99): Cannot assign requested address"));
        assertEquals("EADDRNOTAVAIL", Failures.classify(wrapped));
    }

    @Test
    void unknownErrnoNumberKeepsItsNumber() {
        assertEquals("ERRNO_200", Failures.classify(new Errors.NativeIoException("x", -200)));
    }

    @Test
    void theJdksOwnWordingForEconnresetIsKnown() {
        // sun.nio.ch reports ECONNRESET as "Connection reset", not strerror's "Connection reset by peer".
        assertEquals("ECONNRESET", Failures.classify(new java.net.SocketException("Connection reset")));
        assertEquals(FailureKinds.OTHER, Failures.classify(new java.net.SocketException("Connection reset soon")));
    }

    @Test
    void failureWithoutErrnoIsOther() {
        assertEquals(FailureKinds.OTHER, Failures.classify(new IOException("something else")));
    }
}
