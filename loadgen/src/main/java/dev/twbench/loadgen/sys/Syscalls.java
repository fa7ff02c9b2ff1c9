package dev.twbench.loadgen.sys;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The socket and epoll system calls the direct engine makes, one Java call per system call, on
 * plain file descriptors, without allocating. Each returns what the kernel returned: a count or a
 * descriptor, or a negative errno ({@code -Errno.EAGAIN.number()}), never an exception on the hot path.
 *
 * <p>They reach the kernel through the JNI functions of Netty's native epoll library, which the
 * project already ships and loads for its epoll transport: Java 17 has no foreign-function API,
 * and a JNI library of twbench's own would need a C compiler wherever it is built. Netty's public
 * {@link Socket} wraps every descriptor in an object and every address in another, so the static
 * natives behind it are bound here once, as method handles, which the JIT calls as directly as
 * Netty does. They are private to Netty: the netty BOM pins the version, and {@link #load()}
 * fails at once, naming the missing function, if a Netty upgrade changes one of them.
 *
 * <pre>{@code
 * int fd = Syscalls.socket();
 * int r = Syscalls.connect(fd, Syscalls.address("198.18.0.1"), 7000);   // 0 or -EINPROGRESS
 * Syscalls.epollCtlAdd(epfd, fd, Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP | Syscalls.EPOLLET);
 * }</pre>
 */
public final class Syscalls {
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    /** One waiter woken per event on a descriptor that several epoll instances watch (Linux 4.5+). */
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLET = 1 << 31;

    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int IPPROTO_IP = 0;

    private static final MethodHandle SOCKET;
    private static final MethodHandle CONNECT;
    private static final MethodHandle BIND;
    private static final MethodHandle LISTEN;
    private static final MethodHandle ACCEPT;
    private static final MethodHandle SEND;
    private static final MethodHandle RECV;
    private static final MethodHandle SHUTDOWN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle SET_INT_OPT;
    private static final MethodHandle SET_LINGER;
    private static final MethodHandle EPOLL_CREATE;
    private static final MethodHandle EPOLL_CTL_ADD;
    private static final MethodHandle EPOLL_CTL_MOD;
    private static final MethodHandle EPOLL_WAIT;
    /** Size of one {@code struct epoll_event}, and where its data (the descriptor) sits in it. */
    public static final int EPOLL_EVENT_BYTES;
    private static final int EPOLL_DATA_OFFSET;

    static {
        Epoll.ensureAvailability(); // loads Netty's native library, which registers every function below
        MethodType intOfInt = MethodType.methodType(int.class, int.class);
        SOCKET = bind(Socket.class, "newSocketStreamFd", MethodType.methodType(int.class, boolean.class));
        MethodType address = MethodType.methodType(int.class, int.class, boolean.class, byte[].class, int.class, int.class);
        CONNECT = bind(Socket.class, "connect", address);
        BIND = bind(Socket.class, "bind", address);
        LISTEN = bind(Socket.class, "listen", MethodType.methodType(int.class, int.class, int.class));
        ACCEPT = bind(Socket.class, "accept", MethodType.methodType(int.class, int.class, byte[].class));
        MethodType io = MethodType.methodType(int.class, int.class, long.class, int.class, int.class);
        SEND = bind(Socket.class, "sendAddress", io);
        RECV = bind(Socket.class, "recvAddress", io);
        SHUTDOWN = bind(Socket.class, "shutdown", MethodType.methodType(int.class, int.class, boolean.class, boolean.class));
        CLOSE = bind(FileDescriptor.class, "close", intOfInt);
        SET_INT_OPT = bind(Socket.class, "setIntOpt", MethodType.methodType(void.class, int.class, int.class, int.class, int.class));
        SET_LINGER = bind(Socket.class, "setSoLinger", MethodType.methodType(void.class, int.class, int.class));
        EPOLL_CREATE = bind(Native.class, "epollCreate", MethodType.methodType(int.class));
        EPOLL_CTL_ADD = bind(Native.class, "epollCtlAdd0", MethodType.methodType(int.class, int.class, int.class, int.class));
        EPOLL_CTL_MOD = bind(Native.class, "epollCtlMod0", MethodType.methodType(int.class, int.class, int.class, int.class));
        EPOLL_WAIT = bind(Native.class, "epollWait", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
        EPOLL_EVENT_BYTES = Native.sizeofEpollEvent();
        EPOLL_DATA_OFFSET = Native.offsetofEpollData();
    }

    private Syscalls() {
    }

    private static MethodHandle bind(Class<?> owner, String name, MethodType type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findStatic(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the direct engine needs " + owner.getName() + "." + name + type
                    + " from Netty's native library, and this Netty has none: " + e);
        }
    }

    /** Makes the bindings now; throws with the missing function's name if Netty has changed. */
    public static void load() {
        // the static initialiser has run
    }

    /** A non-blocking IPv4 TCP socket ({@code SOCK_NONBLOCK}), or -errno. */
    public static int socket() {
        try {
            return (int) SOCKET.invokeExact(false);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** An IPv4 address as these calls take it (IPv4-mapped, 16 bytes); make it once, outside the hot path. */
    public static byte[] address(String ipv4) {
        try {
            return NativeInetAddress.newInstance(InetAddress.getByName(ipv4)).address();
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ipv4, e);
        }
    }

    /** 0 when connected at once, {@code -EINPROGRESS} when the handshake goes on, or -errno. */
    public static int connect(int fd, byte[] address, int port) {
        try {
            return (int) CONNECT.invokeExact(fd, false, address, 0, port);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int bind(int fd, byte[] address, int port) {
        try {
            return (int) BIND.invokeExact(fd, false, address, 0, port);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(fd, backlog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * accept4(..., SOCK_NONBLOCK | SOCK_CLOEXEC): the new descriptor, or -errno ({@code -EAGAIN}
     * when the queue is empty).
     *
     * @param peerAddress receives the peer's address; at least 24 bytes, reused by the caller
     */
    public static int accept(int fd, byte[] peerAddress) {
        try {
            return (int) ACCEPT.invokeExact(fd, peerAddress);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** send(2) of {@code length} bytes at native {@code address}: bytes sent, or -errno. */
    public static int send(int fd, long address, int length) {
        try {
            return (int) SEND.invokeExact(fd, address, 0, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** recv(2) into native {@code address}: bytes read, 0 at the peer's FIN, or -errno. */
    public static int recv(int fd, long address, int length) {
        try {
            return (int) RECV.invokeExact(fd, address, 0, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** shutdown(SHUT_WR): this side's FIN. */
    public static int shutdownOutput(int fd) {
        try {
            return (int) SHUTDOWN.invokeExact(fd, false, true);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** close(2); the kernel also drops the descriptor from every epoll set. */
    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** setsockopt of an int: 0 or -errno. */
    public static int setIntOption(int fd, int level, int option, int value) {
        try {
            SET_INT_OPT.invokeExact(fd, level, option, value);
            return 0;
        } catch (Errors.NativeIoException e) {
            return -Math.abs(e.expectedErr());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** SO_LINGER {on, 0}: close() then sends an RST. 0 or -errno. */
    public static int lingerZero(int fd) {
        try {
            SET_LINGER.invokeExact(fd, 0);
            return 0;
        } catch (Errors.NativeIoException e) {
            return -Math.abs(e.expectedErr());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** epoll_create1(EPOLL_CLOEXEC), or -errno. */
    public static int epollCreate() {
        try {
            return (int) EPOLL_CREATE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** epoll_ctl(EPOLL_CTL_ADD) with the descriptor itself as the event's data: 0 or -errno. */
    public static int epollCtlAdd(int epfd, int fd, int events) {
        try {
            return (int) EPOLL_CTL_ADD.invokeExact(epfd, fd, events);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** epoll_ctl(EPOLL_CTL_MOD): 0 or -errno. */
    public static int epollCtlMod(int epfd, int fd, int events) {
        try {
            return (int) EPOLL_CTL_MOD.invokeExact(epfd, fd, events);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** epoll_wait into {@code events} (see {@link #eventsBuffer}): how many are ready, or -errno. */
    public static int epollWait(int epfd, ByteBuffer events, long eventsAddress, int timeoutMs) {
        try {
            return (int) EPOLL_WAIT.invokeExact(epfd, eventsAddress, events.capacity() / EPOLL_EVENT_BYTES, timeoutMs);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Room for {@code count} epoll events, in native byte order. */
    public static ByteBuffer eventsBuffer(int count) {
        return ByteBuffer.allocateDirect(count * EPOLL_EVENT_BYTES).order(java.nio.ByteOrder.nativeOrder());
    }

    /** A direct buffer's native address. */
    public static long addressOf(ByteBuffer direct) {
        return PlatformDependent.directBufferAddress(direct);
    }

    /** The flags of ready event {@code i}. */
    public static int eventFlags(ByteBuffer events, int i) {
        return events.getInt(i * EPOLL_EVENT_BYTES);
    }

    /** The descriptor of ready event {@code i}. */
    public static int eventFd(ByteBuffer events, int i) {
        return events.getInt(i * EPOLL_EVENT_BYTES + EPOLL_DATA_OFFSET);
    }

    private static IllegalStateException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a native call failed unexpectedly", t);
    }
}
