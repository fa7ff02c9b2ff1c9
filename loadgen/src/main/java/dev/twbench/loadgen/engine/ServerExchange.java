package dev.twbench.loadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One accepted connection on the server: read the whole request, write the response, close as
 * the close order says. A client that vanishes is cut off after the timeout, as a real server
 * waiting for EOF must do.
 */
final class ServerExchange extends ChannelInboundHandlerAdapter {
    private final ExchangeRules rules;
    private final ChurnCounters counters;
    private long requestRemaining;
    private boolean responded;
    private boolean ended;
    private ScheduledFuture<?> timeout;

    ServerExchange(ExchangeRules rules, ChurnCounters counters) {
        this.rules = rules;
        this.counters = counters;
        this.requestRemaining = rules.expectBytes();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.accepted.increment();
        timeout = ctx.executor().schedule(() -> {
            if (!ended) {
                end(Failures.TIMEOUT);
                ctx.close();
            }
        }, rules.timeoutNs(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        requestRemaining -= bytes.readableBytes();
        bytes.release();
        if (!responded && requestRemaining <= 0) {
            responded = true;
            ctx.writeAndFlush(rules.payload().view()).addListener(written -> {
                if (written.isSuccess()) {
                    rules.closer().afterExchange(ctx);
                } else {
                    end(Failures.classify(written.cause()));
                    ctx.close();
                }
            });
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            if (responded) {
                rules.closer().onPeerEof(ctx);
            } else {
                end(Failures.EARLY_EOF);
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            if (responded) {
                ended = true;
                counters.completed.increment();
                cancelTimeout();
            } else {
                end(Failures.EARLY_EOF);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(Failures.classify(cause));
        ctx.close();
    }

    private void end(String failure) {
        if (!ended) {
            ended = true;
            cancelTimeout();
            counters.failure(failure, System.nanoTime());
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
