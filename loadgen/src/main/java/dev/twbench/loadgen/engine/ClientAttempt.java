package dev.twbench.loadgen.engine;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * One connection attempt of the client: connect, send the request, read the whole response,
 * close as the close order says. It ends exactly once, completed (its socket closed after the
 * full exchange) or failed (with an errno name), and then hands its slot back to the loop.
 */
final class ClientAttempt extends Exchange implements ChannelFutureListener {
    private final ClientLoop loop;
    private final long dueNs;

    ClientAttempt(ClientLoop loop, long dueNs) {
        super(loop.rules());
        this.loop = loop;
        this.dueNs = dueNs;
    }

    /** The connect() result: send the request. */
    @Override
    public void operationComplete(ChannelFuture connect) {
        if (!connect.isSuccess()) {
            fail(connect.cause());
            connect.channel().close();
            return;
        }
        loop.counters().connected.increment();
        loop.counters().connectLatency(System.nanoTime() - dueNs);
        connect.channel().writeAndFlush(rules.payload().view()).addListener(written -> {
            if (!written.isSuccess()) {
                fail(written.cause());
                connect.channel().close();
            }
        });
    }

    /** The whole response is in: the client's part is done. */
    @Override
    protected void onPeerDataComplete(ChannelHandlerContext ctx) {
        exchangeDone(ctx);
    }

    @Override
    protected void onCompleted() {
        loop.counters().completed.increment();
        loop.counters().cycleLatency(System.nanoTime() - dueNs);
        loop.attemptEnded();
    }

    @Override
    protected void onFailed(String kind) {
        loop.counters().failure(kind, System.nanoTime());
        loop.attemptEnded();
    }
}
