package dev.twbench.loadgen.engine;

import io.netty.channel.ChannelHandlerContext;

/**
 * One accepted connection on the server: read the whole request, write the response, close as
 * the close order says. A client that vanishes is cut off after the timeout, as a real server
 * waiting for EOF must do.
 */
final class ServerExchange extends Exchange {
    private final ChurnCounters counters;

    ServerExchange(ExchangeRules rules, ChurnCounters counters) {
        super(rules);
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.accepted.increment();
        armTimeout(ctx.channel().eventLoop(), ctx.channel());
        ctx.fireChannelActive();
    }

    /** The whole request is in: answer it; the server's part is done once the answer is written. */
    @Override
    protected void onPeerDataComplete(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(rules.payload().view()).addListener(written -> {
            if (written.isSuccess()) {
                exchangeDone(ctx);
            } else {
                fail(written.cause());
                ctx.close();
            }
        });
    }

    @Override
    protected void onCompleted() {
        counters.completed.increment();
    }

    @Override
    protected void onFailed(String kind) {
        counters.failure(kind, System.nanoTime());
    }
}
