package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.sys.Errno;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's life, the same on both sides: send this side's message, read the peer's,
 * close as the {@link Closer} says, and end exactly once: completed, or failed with an errno
 * name. The exchange is complete once this side has sent its message and received the
 * peer's; what happens after that (a FIN, an RST, an idle wait) is the close step's business.
 * The client and the server differ only in when they send and in what they count at the end.
 */
abstract class Exchange extends ChannelInboundHandlerAdapter {
    protected final ExchangeRules rules;
    private long peerBytesRemaining;
    private boolean sent;
    private boolean received;
    private boolean peerEof;
    private boolean exchanged;
    private boolean ended;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> idleClose;

    Exchange(ExchangeRules rules) {
        this.rules = rules;
        this.peerBytesRemaining = rules.expectBytes();
    }

    /** Everything the peer was expected to send has arrived. */
    protected abstract void onPeerDataComplete(ChannelHandlerContext ctx);

    /**
     * The connection ended after a full exchange.
     *
     * @param byPeerReset it ended with the peer's RST (ECONNRESET) rather than a close
     */
    protected abstract void onCompleted(boolean byPeerReset);

    /** The connection ended without a full exchange; {@code kind} is an errno name or a {@link FailureKinds} constant. */
    protected abstract void onFailed(String kind);

    /** A connection still going {@code afterNs} from now is cut off, as real peers do. */
    final void armTimeout(EventLoop loop, Channel channel, long afterNs) {
        timeout = loop.schedule(() -> {
            if (!ended) {
                fail(FailureKinds.TIMEOUT);
                channel.close();
            }
        }, Math.max(0, afterNs), TimeUnit.NANOSECONDS);
    }

    /** This side's message is written. */
    protected final void sent(ChannelHandlerContext ctx) {
        sent = true;
        rules.closer().afterSend(ctx);
        completeExchangeIfDone(ctx);
    }

    final void fail(Throwable cause) {
        fail(Failures.classify(cause));
    }

    final void fail(String kind) {
        if (!ended) {
            ended = true;
            cancelTimeout();
            onFailed(kind);
        }
    }

    /** Ends this connection without counting anything: another one takes over its attempt. */
    final void handOver() {
        ended = true;
        cancelTimeout();
    }

    /** True once this connection has ended, or handed its attempt over. */
    final boolean ended() {
        return ended;
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        boolean wasWaiting = peerBytesRemaining > 0;
        peerBytesRemaining -= bytes.readableBytes();
        bytes.release();
        if (wasWaiting && peerBytesRemaining <= 0 && !rules.peerMessageEndsWithEof()) {
            peerMessageComplete(ctx);
        }
    }

    private void peerMessageComplete(ChannelHandlerContext ctx) {
        received = true;
        onPeerDataComplete(ctx);
        completeExchangeIfDone(ctx);
    }

    private void completeExchangeIfDone(ChannelHandlerContext ctx) {
        if (sent && received && !exchanged && !ended) {
            exchanged = true;
            idleClose = rules.closer().afterExchange(ctx, peerEof);
        }
    }

    /**
     * The peer's FIN: a failure before its data is complete; the end of its message where the
     * message ends with EOF (half-close); otherwise the close step's cue.
     */
    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            peerEof = true;
            if (peerBytesRemaining > 0) {
                fail(FailureKinds.EARLY_EOF);
                ctx.close();
            } else if (!received) {
                peerMessageComplete(ctx); // half-close: the request ends with the client's FIN
            } else if (exchanged) {
                rules.closer().onPeerEof(ctx);
            }
            // received but not yet exchanged: afterExchange sees peerEof
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            if (exchanged) {
                complete(false);
            } else {
                fail(FailureKinds.EARLY_EOF);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String kind = Failures.classify(cause);
        if (exchanged && !ended && Errno.ECONNRESET.name().equals(kind)) {
            complete(true); // the peer reset after a full exchange: how client-rst and server-rst end
        } else {
            fail(kind);
        }
        ctx.close();
    }

    private void complete(boolean byPeerReset) {
        ended = true;
        cancelTimeout();
        onCompleted(byPeerReset);
    }

    /** Ends the timers with the connection, so they do not hold it in memory until they fire. */
    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (idleClose != null) {
            idleClose.cancel(false);
        }
    }
}
