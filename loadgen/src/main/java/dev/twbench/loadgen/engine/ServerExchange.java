package dev.twbench.loadgen.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * One accepted connection on the server: read the whole request, write the response, close as
 * the close order says. A client that vanishes is cut off after the timeout, as a real server
 * waiting for EOF must do.
 */
final class ServerExchange extends Exchange {
    private final ChurnCounters counters;
    private final int listener;
    private Channel channel;

    /** @param listener which listening socket accepted this connection */
    ServerExchange(ExchangeRules rules, ChurnCounters counters, int listener) {
        super(rules);
        this.counters = counters;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        counters.accepted(listener);
        armTimeout(channel.eventLoop(), channel, rules().timeoutNs());
        machine.connected(); // a request of no bytes (the connect protocol) is whole now: answered at once
        ctx.fireChannelActive();
    }

    /** The whole request is in: answer it. */
    @Override
    public void peerMessageComplete() {
        counters.requests.increment();
        send(channel);
    }

    @Override
    protected void onCompleted(boolean byPeerReset) {
        counters.completed.increment();
        if (byPeerReset) {
            counters.peerResets.increment();
        }
    }

    @Override
    protected void onFailed(String kind) {
        counters.failure(kind, System.nanoTime());
    }
}
