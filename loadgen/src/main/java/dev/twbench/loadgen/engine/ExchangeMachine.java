package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.sys.Errno;
import java.nio.ByteBuffer;

/**
 * One connection's exchange, the same on both sides and on every transport, as a state machine
 * that does no I/O: send this side's message, read the peer's, close as the {@link Closer} says,
 * and end exactly once, completed or failed with an errno name. A driver (Netty's pipeline in
 * {@link Exchange}, twbench's own epoll loop in {@link DirectConnection}) reports what happened on
 * the socket and carries out what the machine asks through {@link Io}; the machine tells its
 * owner how the connection went through {@link Owner}.
 *
 * <pre>{@code
 * machine.begin(rules);             // a new connection (or a reused slot)
 * machine.sent();                   // the driver wrote the whole message the owner gave it
 * machine.received(bytes);          // the driver read these bytes
 * machine.peerEof();                // the peer's FIN
 * machine.error("ECONNRESET");      // a socket error, by errno name
 * machine.closed();                 // the socket is gone (after io.close() or io.abort())
 * }</pre>
 *
 * <p>The exchange is complete once this side has sent its message and received the peer's;
 * what happens after that (a FIN, an RST, an idle wait) is the close step's business. What the
 * peer's message is, and when it is whole, is the {@link PeerMessage}'s: a fixed byte count for
 * the raw protocol, and the place where another protocol plugs in. The machine allocates
 * nothing, so a driver may keep one per connection slot and {@link #begin} it again.
 */
final class ExchangeMachine {
    /** What the machine asks of the driver's socket. */
    interface Io {
        /** shutdown(SHUT_WR): this side's FIN now, reading goes on. */
        void shutdownOutput();

        /** close(); the driver then reports {@link #closed()}. */
        void close();

        /** SO_LINGER {on, 0} then close(): an RST; the driver then reports {@link #closed()}. */
        void abort();

        /** Calls {@link #idleExpired()} after {@code afterNs}, unless the connection ends first. */
        void armIdleClose(long afterNs);
    }

    /** What the machine tells the connection's owner (the client's attempt, the server's answer). */
    interface Owner {
        /** The peer's whole message is in (the server answers now; the client has nothing to do). */
        void peerMessageComplete();

        /** @param byPeerReset it ended with the peer's RST (ECONNRESET) after a full exchange */
        void completed(boolean byPeerReset);

        /** @param kind an errno name or a {@link FailureKinds} constant */
        void failed(String kind);
    }

    private final Io io;
    private final Owner owner;
    private final PeerMessage peerMessage = new PeerMessage();
    private ExchangeRules rules;
    private boolean sent;
    private boolean received;
    private boolean peerEof;
    private boolean exchanged;
    private boolean ended;

    ExchangeMachine(Io io, Owner owner) {
        this.io = io;
        this.owner = owner;
    }

    /** A new connection under these rules. */
    void begin(ExchangeRules exchangeRules) {
        rules = exchangeRules;
        peerMessage.begin(exchangeRules.expectBytes(), exchangeRules.peerMessageEndsWithEof());
        sent = false;
        received = false;
        peerEof = false;
        exchanged = false;
        ended = false;
    }

    ExchangeRules rules() {
        return rules;
    }

    /** True once this connection has ended, or handed its attempt over. */
    boolean ended() {
        return ended;
    }

    /** True once the peer's whole message is in. */
    boolean peerMessageReceived() {
        return received;
    }

    /** Both messages are through: what is left is the close. */
    boolean exchanged() {
        return exchanged;
    }

    /** This side's message is written. */
    void sent() {
        if (ended) {
            return;
        }
        sent = true;
        rules.closer().afterSend(io);
        completeExchangeIfDone();
    }

    /** Bytes of the peer's message arrived: {@code bytes.remaining()} of them, from its position. */
    void received(ByteBuffer bytes) {
        if (!ended && peerMessage.consume(bytes)) {
            peerMessageComplete();
        }
    }

    /**
     * The peer's FIN: a failure before its data is complete; the end of its message where the
     * message ends with EOF (half-close); otherwise the close step's cue.
     */
    void peerEof() {
        if (ended) {
            return;
        }
        peerEof = true;
        if (peerMessage.missingBytes()) {
            fail(FailureKinds.EARLY_EOF);
            io.close();
        } else if (!received) {
            peerMessageComplete(); // half-close: the request ends with the client's FIN
        } else if (exchanged) {
            rules.closer().onPeerEof(io);
        }
        // received but not yet exchanged: afterExchange sees peerEof
    }

    /** The socket is gone: complete after a full exchange, otherwise the peer left early. */
    void closed() {
        if (!ended) {
            if (exchanged) {
                complete(false);
            } else {
                fail(FailureKinds.EARLY_EOF);
            }
        }
    }

    /** A socket error, by errno name: the peer's RST after a full exchange is how client-rst and server-rst end. */
    void error(String kind) {
        if (Errno.ECONNRESET.name().equals(kind)) {
            peerReset();
        } else {
            fail(kind);
            io.close();
        }
    }

    /** The peer's RST: the end of client-rst and server-rst after a full exchange, a failure before. */
    void peerReset() {
        if (exchanged && !ended) {
            complete(true);
        } else {
            fail(Errno.ECONNRESET.name());
        }
        io.close();
    }

    /** The connection's time is up: cut it off, as real peers do. */
    void timedOut() {
        if (!ended) {
            fail(FailureKinds.TIMEOUT);
            io.close();
        }
    }

    /** The idle time armed by {@link Io#armIdleClose} has passed. */
    void idleExpired() {
        if (!ended) {
            io.close();
        }
    }

    /** Fails without a socket error of its own (a write the driver could not do, socket() refused). */
    void fail(String kind) {
        if (!ended) {
            ended = true;
            owner.failed(kind);
        }
    }

    /** Ends this connection without counting anything: another socket takes over its attempt. */
    void handOver() {
        ended = true;
    }

    private void peerMessageComplete() {
        received = true;
        owner.peerMessageComplete();
        completeExchangeIfDone();
    }

    private void completeExchangeIfDone() {
        if (sent && received && !exchanged && !ended) {
            exchanged = true;
            rules.closer().afterExchange(io, peerEof);
        }
    }

    private void complete(boolean byPeerReset) {
        ended = true;
        owner.completed(byPeerReset);
    }
}
