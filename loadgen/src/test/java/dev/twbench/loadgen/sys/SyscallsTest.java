package dev.twbench.loadgen.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The direct engine's system calls return what the kernel returned: a count, a descriptor, or a
 * negative errno, never an exception. Asked of the kernel over 127.0.0.1.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SyscallsTest {
    private static final byte[] LOOPBACK = Syscalls.address("127.0.0.1");

    @Test
    void aConnectToAPortWithoutAListenerEndsInEconnrefusedOnTheSocket() throws Exception {
        // A port bound but not listening: held by this test, so no other process can listen on it.
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            int fd = Syscalls.socket();
            assertTrue(fd >= 0, "socket: " + fd);
            try {
                int r = Syscalls.connect(fd, LOOPBACK, holder.getLocalPort());
                if (r == -Errno.EINPROGRESS.number()) {
                    // the RST to the SYN is handled within connect() over loopback; a send reports the socket's error
                    r = awaitError(fd);
                }
                assertEquals(-Errno.ECONNREFUSED.number(), r);
            } finally {
                Syscalls.close(fd);
            }
        }
    }

    private static int awaitError(int fd) throws InterruptedException {
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        for (int i = 0; i < 1000; i++) {
            int r = Syscalls.send(fd, Syscalls.addressOf(one), 1);
            if (r != -Errno.EAGAIN.number()) {
                return r;
            }
            Thread.sleep(1);
        }
        return -Errno.EAGAIN.number();
    }

    @Test
    void acceptOnAnEmptyQueueIsEagainAndABatchTakesEveryWaitingConnection() throws Exception {
        int listener = Syscalls.socket();
        try {
            assertEquals(0, Syscalls.bind(listener, LOOPBACK, 0));
            assertEquals(0, Syscalls.listen(listener, 16));
            int port = new io.netty.channel.unix.Socket(listener).localAddress().getPort();
            byte[] peer = new byte[26];
            assertEquals(-Errno.EAGAIN.number(), Syscalls.accept(listener, peer));
            try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
                int first = Syscalls.accept(listener, peer);
                int second = Syscalls.accept(listener, peer);
                assertTrue(first >= 0 && second >= 0, first + " " + second);
                assertEquals(-Errno.EAGAIN.number(), Syscalls.accept(listener, peer));
                Syscalls.close(first);
                Syscalls.close(second);
            }
        } finally {
            Syscalls.close(listener);
        }
    }

    @Test
    void aRequestGoesOutAndTheAnswerAndThePeersFinComeBackThroughEpoll() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int fd = Syscalls.socket();
            int epfd = Syscalls.epollCreate();
            ByteBuffer events = Syscalls.eventsBuffer(8);
            ByteBuffer buffer = ByteBuffer.allocateDirect(64);
            try {
                int r = Syscalls.connect(fd, LOOPBACK, server.getLocalPort());
                assertTrue(r == 0 || r == -Errno.EINPROGRESS.number(), "connect: " + r);
                try (Socket peer = server.accept()) {
                    assertEquals(0, Syscalls.epollCtlAdd(epfd, fd,
                            Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP | Syscalls.EPOLLET));
                    assertEquals(5, Syscalls.send(fd, Syscalls.addressOf(buffer.put(0, (byte) 7)), 5));
                    InputStream in = peer.getInputStream();
                    assertEquals(5, in.readNBytes(5).length);
                    OutputStream out = peer.getOutputStream();
                    out.write(new byte[3]);
                    peer.shutdownOutput();
                    assertEquals(1, Syscalls.epollWait(epfd, events, Syscalls.addressOf(events), 10_000));
                    assertEquals(fd, Syscalls.eventFd(events, 0));
                    int flags = Syscalls.eventFlags(events, 0);
                    assertTrue((flags & Syscalls.EPOLLIN) != 0, "flags " + Integer.toHexString(flags));
                    assertEquals(3, Syscalls.recv(fd, Syscalls.addressOf(buffer), 64));
                    assertEquals(0, Syscalls.recv(fd, Syscalls.addressOf(buffer), 64), "the peer's FIN");
                }
            } finally {
                Syscalls.close(fd);
                Syscalls.close(epfd);
            }
        }
    }
}
