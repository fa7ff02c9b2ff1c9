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
 * machine.connected();              // connect() completed, or the server accepted it
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

        /** Writes {@link #payload()} again: the client's next request on a kept-alive connection (HTTP). */
        void sendNext();
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
    /** HTTP: the round (request and response) under way, from 1. */
    private int round;
    /** HTTP keep-alive: a round is done and nothing of the next has arrived: the peer may leave now. */
    private boolean betweenRounds;

    ExchangeMachine(Io io, Owner owner) {
        this.io = io;
        this.owner = owner;
    }

    /** A new connection under these rules. */
    void begin(ExchangeRules exchangeRules) {
        rules = exchangeRules;
        ExchangeRules.Http http = exchangeRules.http();
        peerMessage.begin(exchangeRules.expectBytes(), exchangeRules.peerMessageEndsWithEof(),
                http == null ? null : http.reads());
        sent = false;
        received = false;
        peerEof = false;
        exchanged = false;
        ended = false;
        round = 1;
        betweenRounds = false;
    }

    /**
     * What this side writes now: the one message of raw; HTTP's that says {@code Connection: close}
     * on the client's last request, and on the server's answer to a request that said it.
     */
    Payload payload() {
        ExchangeRules.Http http = rules.http();
        if (http == null) {
            return rules.payload();
        }
        boolean last = http.rounds() > 0 ? round == http.rounds() : peerMessage.closeAsked();
        return last ? http.lastPayload() : rules.payload();
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

    /**
     * The connection is up: the client's connect() completed, or the server accepted it. A peer
     * message of no bytes (the connect protocol) is whole now; any other waits for its bytes.
     */
    void connected() {
        if (!ended && !received && peerMessage.wholeOnConnect()) {
            peerMessageComplete();
        }
    }

    /** This side's message is written. */
    void sent() {
        if (ended) {
            return;
        }
        sent = true;
        if (lastRound()) {
            rules.closer().afterSend(io); // half-close: the FIN after the last request only
        }
        completeExchangeIfDone();
    }

    /** Bytes of the peer's message arrived: {@code bytes.remaining()} of them, from its position. */
    void received(ByteBuffer bytes) {
        if (!ended && bytes.hasRemaining()) {
            betweenRounds = false;
            if (peerMessage.consume(bytes)) {
                peerMessageComplete();
            }
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
        if (betweenRounds) {
            exchanged = true; // the client left between two requests: how keep-alive ends
            rules.closer().onPeerEof(io);
        } else if (peerMessage.endOfStream()) {
            peerMessageComplete(); // an HTTP body that runs to the FIN
        } else if (peerMessage.missingBytes()) {
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
            if (exchanged || betweenRounds) {
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
        if (betweenRounds || !exchanged && received && rules.payload().length() == 0) {
            // The connect protocol: the connection was the whole exchange, and an RST (not a refusal,
            // which is ECONNREFUSED) means it was made. The peer reset it before this side could
            // report its own message of nothing as sent: that is server-rst's close, not a failure.
            // Between two HTTP requests, the reset is the client's way to end keep-alive (client-rst).
            exchanged = true;
        }
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
            if (betweenRounds) {
                exchanged = true; // server-idle under HTTP: the idle wait between requests is over
            }
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
        String failure = peerMessage.failure();
        if (failure != null) { // an HTTP response that is not a success: the attempt failed, by its status
            fail(failure);
            io.close();
            return;
        }
        received = true;
        owner.peerMessageComplete();
        completeExchangeIfDone();
    }

    private void completeExchangeIfDone() {
        if (sent && received && !exchanged && !ended) {
            if (anotherRound()) {
                nextRound();
                return;
            }
            exchanged = true;
            rules.closer().afterExchange(io, peerEof);
        }
    }

    /** The client's last request, or not HTTP: one round only. */
    private boolean lastRound() {
        ExchangeRules.Http http = rules.http();
        return http == null || http.rounds() == 0 || round >= http.rounds();
    }

    /**
     * HTTP keep-alive goes on: the client has requests left and neither side said close; the
     * server answers until the client says close or leaves.
     */
    private boolean anotherRound() {
        ExchangeRules.Http http = rules.http();
        if (http == null || peerEof || peerMessage.closeAsked()) {
            return false;
        }
        return http.rounds() == 0 || round < http.rounds();
    }

    private void nextRound() {
        round++;
        sent = false;
        received = false;
        betweenRounds = true;
        peerMessage.next();
        if (rules.http().rounds() > 0) {
            io.sendNext(); // the client asks again
        } else {
            rules.closer().betweenRequests(io); // the server waits for the next request
        }
    }

    private void complete(boolean byPeerReset) {
        ended = true;
        owner.completed(byPeerReset);
    }
}
