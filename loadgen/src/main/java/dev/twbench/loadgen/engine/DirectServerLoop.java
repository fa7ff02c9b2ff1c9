package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.sys.Errno;
import dev.twbench.loadgen.sys.Syscalls;
import java.util.function.Supplier;

/**
 * One thread of the direct engine's server. Every loop watches every listening socket, each with
 * {@code EPOLLEXCLUSIVE} so that a new connection wakes one loop, not all; the woken loop accepts
 * in a batch (accept4 until EAGAIN) and keeps what it accepted. An accepted socket costs accept4,
 * a recv() of the request (over loopback and veth it is usually there already), the send() of the
 * response, one epoll registration, and close().
 */
final class DirectServerLoop extends DirectLoop {
    /** Accepts per ready event at most, so that a flood of connects does not starve the open ones. */
    private static final int MAX_ACCEPTS_PER_EVENT = 256;
    private static final int EAGAIN = -Errno.EAGAIN.number();

    private final int[] listenerFds;
    private final Supplier<ServerPhase> phase;
    /** The peer's address from accept4, reused: nobody reads it. */
    private final byte[] peerAddress = new byte[26];
    private final Thread thread;
    private volatile boolean stopping;
    private boolean acceptFailureLogged;

    DirectServerLoop(int[] listenerFds, Supplier<ServerPhase> phase, int index) {
        super(NanoClock.SYSTEM);
        this.listenerFds = listenerFds.clone();
        this.phase = phase;
        for (int fd : listenerFds) {
            int r = Syscalls.epollCtlAdd(epfd(), fd, Syscalls.EPOLLIN | Syscalls.EPOLLEXCLUSIVE);
            if (r < 0) {
                throw new IllegalStateException("epoll_ctl of a listening socket failed: " + Errno.nameOf(-r));
            }
        }
        thread = new Thread(this, "twbench-direct-server-" + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the loop and closes its connections; returns once its thread has ended. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join();
    }

    @Override
    boolean finished() {
        return stopping;
    }

    @Override
    int beforeWait(long nowNs) {
        return idleWaitMs(nowNs);
    }

    @Override
    void otherReady(int fd, int flags) {
        for (int i = 0; i < listenerFds.length; i++) {
            if (listenerFds[i] == fd) {
                acceptBatch(fd, i);
                return;
            }
        }
    }

    private void acceptBatch(int listenerFd, int listener) {
        for (int n = 0; n < MAX_ACCEPTS_PER_EVENT; n++) {
            int fd = Syscalls.accept(listenerFd, peerAddress);
            if (fd < 0) {
                if (fd != EAGAIN) {
                    acceptFailed(-fd);
                }
                return;
            }
            begin(fd, listener);
        }
    }

    /** A new connection: count it, read the request if it is there, register for the rest. */
    private void begin(int fd, int listener) {
        ServerPhase current = phase.get();
        DirectConnection c = takeSlot();
        track(c, fd);
        c.connected = true;
        c.counters = current.counters();
        c.machine.begin(current.rules());
        c.counters.accepted(listener);
        armDeadline(c, nowNs() + current.rules().timeoutNs());
        c.machine.connected(); // a request of no bytes (the connect protocol) is whole now: answered at once
        if (isOpen(c)) {
            read(c, Syscalls.EPOLLIN);
        }
        if (!c.closeRequested && !c.machine.ended()) {
            register(c);
        }
        settle(c);
    }

    /** EMFILE and the like: the connection stays in the queue; said once, in the agent's log. */
    private void acceptFailed(int errno) {
        if (!acceptFailureLogged) {
            acceptFailureLogged = true;
            System.err.println("accept4 failed: " + Errno.nameOf(errno) + " (said once)");
        }
    }

    @Override
    void peerMessageComplete(DirectConnection c) {
        c.counters.requests.increment();
        startSending(c); // the whole request is in: answer it
    }

    @Override
    void completed(DirectConnection c, boolean byPeerReset) {
        c.counters.completed.increment();
        if (byPeerReset) {
            c.counters.peerResets.increment();
        }
    }

    @Override
    void failed(DirectConnection c, String kind) {
        c.counters.failure(kind, nowNs());
    }

    @Override
    void exited() {
        // the listening sockets are the engine's to close
    }
}
