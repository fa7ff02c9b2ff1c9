package dev.twbench.loadgen.engine;

import static dev.twbench.loadgen.sys.Syscalls.EPOLLERR;
import static dev.twbench.loadgen.sys.Syscalls.EPOLLET;
import static dev.twbench.loadgen.sys.Syscalls.EPOLLHUP;
import static dev.twbench.loadgen.sys.Syscalls.EPOLLIN;
import static dev.twbench.loadgen.sys.Syscalls.EPOLLOUT;
import static dev.twbench.loadgen.sys.Syscalls.EPOLLRDHUP;

import dev.twbench.loadgen.sys.Errno;
import dev.twbench.loadgen.sys.Syscalls;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One thread of the direct engine: its own epoll instance over raw non-blocking sockets, and the
 * socket I/O that both sides share. It makes only the system calls the exchange needs (send,
 * recv, close, one edge-triggered registration per socket) and allocates nothing per connection:
 * slots are reused ({@link DirectConnection}), and every read lands in one buffer per loop. The
 * exchange's logic is the {@link ExchangeMachine}'s; the client and the server add how a socket
 * is born (connect, accept) and what they count.
 *
 * <p>How it waits: in epoll_wait, sleeping, with a timeout in whole milliseconds (the next due
 * attempt, the next timer, at most {@link #MAX_WAIT_MS}); it never spins. On this project's
 * machines the two agents share the cores, and a spinning loop takes the core its peer needs:
 * see ARCHITECTURE.md for the measurement behind this choice.
 *
 * <pre>{@code
 * while (!finished()) {
 *     int timeoutMs = beforeWait(now);        // the client starts what is due
 *     epoll_wait(timeoutMs);                  // each ready socket: send, read, settle
 *     fire timers that are due;               // --timeout, server-idle's idle close
 * }
 * }</pre>
 */
abstract class DirectLoop implements Runnable {
    /** The longest sleep: how soon a stop request, or a hand-moved test clock, is noticed. */
    static final int MAX_WAIT_MS = 50;
    /** Ready events taken per epoll_wait. */
    private static final int EVENTS = 512;
    /** One read buffer per loop, larger than any message a connection waits for in one go. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int REGISTERED = EPOLLIN | EPOLLRDHUP | EPOLLET;
    private static final int EAGAIN = -Errno.EAGAIN.number();
    private static final int ECONNRESET = -Errno.ECONNRESET.number();
    /** Busy-polling before each sleep, for measuring the choice not to: 0 unless -Dtwbench.direct.spinUs=N. */
    private static final long SPIN_NS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("twbench.direct.spinUs", 0));

    private final NanoClock clock;
    private final int epfd;
    private final ByteBuffer events = Syscalls.eventsBuffer(EVENTS);
    private final long eventsAddress = Syscalls.addressOf(events);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final long readAddress = Syscalls.addressOf(readBuffer);
    /** The slot of each open socket, by descriptor. */
    private DirectConnection[] byFd = new DirectConnection[1024];
    private DirectConnection[] slots = new DirectConnection[0];
    private int slotCount;
    private DirectConnection[] free = new DirectConnection[0];
    private int freeCount;
    private long nextTimerNs = DirectConnection.NO_TIMER;

    DirectLoop(NanoClock clock) {
        this.clock = clock;
        this.epfd = Syscalls.epollCreate();
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create failed: " + Errno.nameOf(-epfd));
        }
    }

    /** True once the loop has nothing left to do. */
    abstract boolean finished();

    /** Called before each wait: may start work; returns how long the loop may sleep, in ms. */
    abstract int beforeWait(long nowNs);

    /** A ready descriptor that is not a connection's (the server's listeners). */
    abstract void otherReady(int fd, int flags);

    /** The owner's side of {@link ExchangeMachine.Owner}, for connection {@code c}. */
    abstract void peerMessageComplete(DirectConnection c);

    abstract void completed(DirectConnection c, boolean byPeerReset);

    abstract void failed(DirectConnection c, String kind);

    /** The first byte went out, or the handshake otherwise showed complete (the client counts it). */
    void connected(DirectConnection c) {
    }

    /** After the loop ended and every socket is closed. */
    abstract void exited();

    final NanoClock clock() {
        return clock;
    }

    final long nowNs() {
        return clock.nanoTime();
    }

    final int epfd() {
        return epfd;
    }

    @Override
    public final void run() {
        try {
            while (!finished()) {
                int timeoutMs = beforeWait(clock.nanoTime());
                int ready = waitForEvents(timeoutMs);
                for (int i = 0; i < ready; i++) {
                    dispatch(Syscalls.eventFd(events, i), Syscalls.eventFlags(events, i));
                }
                long now = clock.nanoTime();
                if (now >= nextTimerNs) {
                    fireTimers(now);
                }
            }
        } finally {
            closeAll();
            exited();
        }
    }

    /**
     * epoll_wait, sleeping up to {@code timeoutMs}; with {@link #SPIN_NS} set, it first polls
     * without sleeping for that long. Spinning is there to be measured against sleeping (see
     * ARCHITECTURE.md), not used: it is off unless {@code -Dtwbench.direct.spinUs} says otherwise.
     */
    private int waitForEvents(int timeoutMs) {
        if (SPIN_NS > 0 && timeoutMs > 0) {
            long until = System.nanoTime() + SPIN_NS;
            do {
                int ready = Syscalls.epollWait(epfd, events, eventsAddress, 0);
                if (ready != 0) {
                    return ready;
                }
            } while (System.nanoTime() - until < 0);
        }
        return Syscalls.epollWait(epfd, events, eventsAddress, timeoutMs);
    }

    /** Milliseconds to sleep until {@code atNs} (or the next timer, if sooner), at most {@link #MAX_WAIT_MS}. */
    final int waitMsUntil(long atNs, long nowNs) {
        long until = Math.min(atNs, nextTimerNs) - nowNs;
        if (until <= 0) {
            return 0;
        }
        return (int) Math.min(MAX_WAIT_MS, (until + 999_999) / 1_000_000);
    }

    /** The loop's longest sleep, shortened for the next timer. */
    final int idleWaitMs(long nowNs) {
        return waitMsUntil(nowNs + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS), nowNs);
    }

    final void timerArmed(long atNs) {
        if (atNs < nextTimerNs) {
            nextTimerNs = atNs;
        }
    }

    /** A free slot, made when more connections are open at once than ever before on this loop. */
    final DirectConnection takeSlot() {
        if (freeCount == 0) {
            grow();
        }
        DirectConnection c = free[--freeCount];
        c.reset();
        c.inPool = false;
        return c;
    }

    /** Doubles the slots (16 at first): made once, reused ever after. */
    private void grow() {
        int before = slotCount;
        slotCount = Math.max(16, slotCount * 2);
        slots = Arrays.copyOf(slots, slotCount);
        free = Arrays.copyOf(free, slotCount);
        for (int i = before; i < slotCount; i++) {
            DirectConnection c = new DirectConnection(this);
            c.inPool = true;
            slots[i] = c;
            free[freeCount++] = c;
        }
    }

    /** Puts a new socket in the slot, by descriptor. */
    final void track(DirectConnection c, int fd) {
        c.fd = fd;
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
        }
        byFd[fd] = c;
    }

    /** Closes a socket that no machine step is reporting on (a taken port before a retry). */
    final void untrack(DirectConnection c) {
        byFd[c.fd] = null;
        Syscalls.close(c.fd);
        c.fd = -1;
    }

    final void armDeadline(DirectConnection c, long atNs) {
        c.deadlineNs = atNs;
        timerArmed(atNs);
    }

    /** The one edge-triggered registration of a socket: reads, the peer's FIN, and writes if one is pending. */
    final void register(DirectConnection c) {
        c.outRegistered = c.sending;
        int r = Syscalls.epollCtlAdd(epfd, c.fd, c.sending ? REGISTERED | EPOLLOUT : REGISTERED);
        c.registered = r == 0;
        if (r < 0) {
            c.machine.error(Errno.nameOf(-r));
        }
    }

    /** Starts writing this side's message. */
    final void startSending(DirectConnection c) {
        c.sending = true;
        c.sendOffset = 0;
        send(c);
    }

    /**
     * Writes what is left of this side's message; the machine hears when it is all out. A message
     * of no bytes (the connect protocol) still makes one send() of nothing: 0 once the connection
     * is up, EAGAIN while the client's connect() is under way, so the same path waits for it.
     */
    final void send(DirectConnection c) {
        Payload payload = c.machine.payload();
        int length = payload.length();
        do {
            int n = Syscalls.send(c.fd, payload.address() + c.sendOffset, length - c.sendOffset);
            if (n > 0 || n == 0 && length == 0) {
                markConnected(c);
                c.sendOffset += n;
            } else if (n == EAGAIN) {
                if (c.registered && !c.outRegistered) { // a write that blocks after all: rare, one more call
                    c.outRegistered = true;
                    Syscalls.epollCtlMod(epfd, c.fd, REGISTERED | EPOLLOUT);
                }
                return;
            } else {
                c.sending = false;
                if (length == 0 && n == ECONNRESET) {
                    markConnected(c); // reset, not refused: the handshake had completed
                }
                c.machine.error(Errno.nameOf(-n));
                return;
            }
        } while (c.sendOffset < length);
        c.sending = false;
        c.machine.sent();
    }

    private void markConnected(DirectConnection c) {
        if (!c.connected) {
            c.connected = true;
            connected(c);
            c.machine.connected();
        }
    }

    private void dispatch(int fd, int flags) {
        DirectConnection c = fd < byFd.length ? byFd[fd] : null;
        if (c == null) {
            otherReady(fd, flags);
            return;
        }
        if ((flags & EPOLLOUT) != 0 && c.sending) {
            send(c);
        }
        if ((flags & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0 && isOpen(c)) {
            read(c, flags);
        }
        settle(c);
    }

    static boolean isOpen(DirectConnection c) {
        return c.fd >= 0 && !c.closeRequested && !c.machine.ended();
    }

    /**
     * Reads what the socket holds, until a short read (edge-triggered: a later arrival brings a
     * new event). The peer's FIN needs no read of its own when epoll already reports it
     * (EPOLLRDHUP) and the data before it is drained; an error (EPOLLERR) waits behind the data.
     * Nor does the peer's RST once both messages are through: the connection closed with an error
     * (EPOLLERR and EPOLLHUP: the kernel's tcp_reset sets the error, then closes) can only be the
     * RST then, since the other errors that close a connection (ETIMEDOUT after minutes of
     * retransmissions) come long after the attempt's own timeout has ended it. That saves the recv
     * that would only fetch ECONNRESET, on every connection of client-rst and server-rst.
     */
    final void read(DirectConnection c, int flags) {
        if ((flags & (EPOLLERR | EPOLLHUP)) == (EPOLLERR | EPOLLHUP) && c.machine.exchanged()) {
            c.machine.peerReset();
            return;
        }
        boolean peerGone = (flags & (EPOLLRDHUP | EPOLLHUP)) != 0 && (flags & EPOLLERR) == 0;
        if (peerGone && c.machine.peerMessageReceived()) {
            c.machine.peerEof();
            return;
        }
        while (true) {
            int n = Syscalls.recv(c.fd, readAddress, READ_BUFFER_BYTES);
            if (n > 0) {
                markConnected(c);
                readBuffer.clear().limit(n);
                c.machine.received(readBuffer);
                if (!isOpen(c)) {
                    return;
                }
                if (n < READ_BUFFER_BYTES && (flags & EPOLLERR) == 0) {
                    if (peerGone) {
                        c.machine.peerEof();
                    }
                    return;
                }
            } else if (n == 0) {
                c.machine.peerEof();
                return;
            } else if (n == EAGAIN) {
                return;
            } else {
                c.machine.error(Errno.nameOf(-n));
                return;
            }
        }
    }

    /**
     * After a machine step: closes the socket if the machine asked for it (and tells the machine),
     * and frees the slot once the connection has ended.
     */
    final void settle(DirectConnection c) {
        if (c.closeRequested && c.fd >= 0) {
            int fd = c.fd;
            byFd[fd] = null;
            c.fd = -1;
            Syscalls.close(fd);
            c.machine.closed();
        }
        if (c.fd < 0 && c.machine.ended() && !c.inPool) {
            c.inPool = true;
            free[freeCount++] = c;
        }
    }

    private void fireTimers(long now) {
        long next = DirectConnection.NO_TIMER;
        for (int i = 0; i < slotCount; i++) {
            DirectConnection c = slots[i];
            if (c.inPool) {
                continue;
            }
            if (now >= c.deadlineNs) {
                c.deadlineNs = DirectConnection.NO_TIMER;
                c.machine.timedOut();
            } else if (now >= c.idleAtNs) {
                c.idleAtNs = DirectConnection.NO_TIMER;
                c.machine.idleExpired();
            }
            settle(c);
            if (!c.inPool) {
                next = Math.min(next, Math.min(c.deadlineNs, c.idleAtNs));
            }
        }
        nextTimerNs = next;
    }

    /** The end of the loop: every socket still open is closed, the epoll instance too. */
    private void closeAll() {
        for (int i = 0; i < slotCount; i++) {
            DirectConnection c = slots[i];
            if (c.fd >= 0) {
                Syscalls.close(c.fd);
                c.fd = -1;
            }
        }
        Syscalls.close(epfd);
    }
}
