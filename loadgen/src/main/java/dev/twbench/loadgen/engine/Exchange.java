package dev.twbench.loadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's life, the same on both sides: read everything the peer is expected to send,
 * do this side's part, close as the {@link Closer} says, and end exactly once, completed or
 * failed. The client and the server differ only in their part of the exchange and in what they
 * count when it ends.
 */
abstract class Exchange extends ChannelInboundHandlerAdapter {
    protected final ExchangeRules rules;
    private long peerBytesRemaining;
    private boolean exchanged;
    private boolean ended;
    private ScheduledFuture<?> timeout;

    Exchange(ExchangeRules rules) {
        this.rules = rules;
        this.peerBytesRemaining = rules.expectBytes();
    }

    /** Everything the peer was expected to send has arrived. */
    protected abstract void onPeerDataComplete(ChannelHandlerContext ctx);

    /** The socket closed after a full exchange. */
    protected abstract void onCompleted();

    /** The connection ended without a full exchange; {@code kind} is an errno name or a {@link Failures} constant. */
    protected abstract void onFailed(String kind);

    /** A connection still going after the scenario's timeout is cut off, as real peers do. */
    final void armTimeout(EventLoop loop, Channel channel) {
        timeout = loop.schedule(() -> {
            if (!ended) {
                fail(Failures.TIMEOUT);
                channel.close();
            }
        }, rules.timeoutNs(), TimeUnit.NANOSECONDS);
    }

    /** This side's part is done: from now on the close step decides. */
    protected final void exchangeDone(ChannelHandlerContext ctx) {
        exchanged = true;
        rules.closer().afterExchange(ctx);
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

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        boolean wasWaiting = peerBytesRemaining > 0;
        peerBytesRemaining -= bytes.readableBytes();
        bytes.release();
        if (wasWaiting && peerBytesRemaining <= 0) {
            onPeerDataComplete(ctx);
        }
    }

    /** The peer's FIN: expected after the exchange, a failure before it. */
    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            if (exchanged) {
                rules.closer().onPeerEof(ctx);
            } else {
                fail(Failures.EARLY_EOF);
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            if (exchanged) {
                ended = true;
                cancelTimeout();
                onCompleted();
            } else {
                fail(Failures.EARLY_EOF);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
