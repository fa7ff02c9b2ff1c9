package dev.twbench.loadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection attempt of the client: connect, send the request, read the whole response,
 * close as the close order says. It ends exactly once, completed (its socket closed after the
 * full exchange) or failed (with an errno name), and then hands its slot back to the loop.
 */
final class ClientAttempt extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
    private final ClientLoop loop;
    private final long dueNs;
    private long responseRemaining;
    private boolean exchanged;
    private boolean ended;
    private ScheduledFuture<?> timeout;

    ClientAttempt(ClientLoop loop, long dueNs) {
        this.loop = loop;
        this.dueNs = dueNs;
        this.responseRemaining = loop.rules().expectBytes();
    }

    void armTimeout(Channel channel) {
        timeout = channel.eventLoop().schedule(() -> {
            if (!ended) {
                end(Failures.TIMEOUT);
                channel.close();
            }
        }, loop.rules().timeoutNs(), TimeUnit.NANOSECONDS);
    }

    /** The connect() result. */
    @Override
    public void operationComplete(ChannelFuture connect) {
        if (!connect.isSuccess()) {
            fail(connect.cause());
            connect.channel().close();
            return;
        }
        loop.counters().connected.increment();
        loop.counters().connectLatency(System.nanoTime() - dueNs);
        connect.channel().writeAndFlush(loop.rules().payload().view()).addListener(written -> {
            if (!written.isSuccess()) {
                fail(written.cause());
                connect.channel().close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        responseRemaining -= bytes.readableBytes();
        bytes.release();
        if (!exchanged && responseRemaining <= 0) {
            exchanged = true;
            loop.rules().closer().afterExchange(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            if (exchanged) {
                loop.rules().closer().onPeerEof(ctx);
            } else {
                end(Failures.EARLY_EOF);
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The socket is closed: the attempt completed if the whole exchange happened. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            if (exchanged) {
                complete();
            } else {
                end(Failures.EARLY_EOF);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    void fail(Throwable cause) {
        end(Failures.classify(cause));
    }

    private void complete() {
        ended = true;
        cancelTimeout();
        loop.counters().completed.increment();
        loop.counters().cycleLatency(System.nanoTime() - dueNs);
        loop.attemptEnded();
    }

    private void end(String failure) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimeout();
        loop.counters().failure(failure, System.nanoTime());
        loop.attemptEnded();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
