package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.sys.Syscalls;

/**
 * One connection slot of the direct engine: a socket's descriptor, how far this side's message
 * is written, its timers, and the {@link ExchangeMachine} that conducts it. Slots are made once
 * and reused from connection to connection, so the hot path allocates nothing. The machine's
 * requests only set flags or call the kernel at once; the {@link DirectLoop} closes the socket
 * and frees the slot afterwards ({@link DirectLoop#settle}), never in the middle of a machine's step.
 */
final class DirectConnection implements ExchangeMachine.Io, ExchangeMachine.Owner {
    /** No timer armed. */
    static final long NO_TIMER = Long.MAX_VALUE;

    final ExchangeMachine machine = new ExchangeMachine(this, this);
    private final DirectLoop loop;

    /** The socket, or -1 once closed. */
    int fd = -1;
    /** This side's message is being written, {@link #sendOffset} bytes of it so far. */
    boolean sending;
    int sendOffset;
    /** The machine asked for close() (or abort()): the loop does it once the machine's step is over. */
    boolean closeRequested;
    /** In the epoll set; with EPOLLOUT too. */
    boolean registered;
    boolean outRegistered;
    /** The slot is free, on its loop's free list. */
    boolean inPool;
    /** The handshake is known to be complete (a byte was sent, or EPOLLOUT came). */
    boolean connected;
    long deadlineNs = NO_TIMER;
    long idleAtNs = NO_TIMER;

    /** The client's attempt: its number, when it was due, sockets used for it so far. */
    long attempt;
    long dueNs;
    int tries;
    /** The server's: whose counters count it (the phase current when it was accepted). */
    ChurnCounters counters;

    DirectConnection(DirectLoop loop) {
        this.loop = loop;
    }

    /** Ready for a new socket; the machine is begun by the caller. */
    void reset() {
        fd = -1;
        sending = false;
        sendOffset = 0;
        closeRequested = false;
        connected = false;
        registered = false;
        outRegistered = false;
        deadlineNs = NO_TIMER;
        idleAtNs = NO_TIMER;
    }

    @Override
    public void shutdownOutput() {
        Syscalls.shutdownOutput(fd);
    }

    @Override
    public void close() {
        closeRequested = true;
    }

    @Override
    public void abort() {
        Syscalls.lingerZero(fd);
        closeRequested = true;
    }

    @Override
    public void armIdleClose(long afterNs) {
        idleAtNs = loop.nowNs() + afterNs;
        loop.timerArmed(idleAtNs);
    }

    @Override
    public void sendNext() {
        loop.startSending(this);
    }

    @Override
    public void peerMessageComplete() {
        loop.peerMessageComplete(this);
    }

    @Override
    public void completed(boolean byPeerReset) {
        loop.completed(this, byPeerReset);
    }

    @Override
    public void failed(String kind) {
        loop.failed(this, kind);
    }
}
