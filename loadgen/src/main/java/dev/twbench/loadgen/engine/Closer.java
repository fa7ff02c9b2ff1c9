package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseStep;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;

/**
 * The one close mechanism, shared by client and server: each side calls it at the same two
 * moments of a connection, and the {@link CloseStep} decides what happens.
 */
final class Closer {
    private final CloseStep step;

    Closer(CloseStep step) {
        this.step = step;
    }

    /** The exchange is over: the client has read the whole response, or the server has written it. */
    void afterExchange(ChannelHandlerContext ctx) {
        switch (step) {
            case CLOSE_AFTER_EXCHANGE -> ctx.close();
            case CLOSE_ON_PEER_EOF -> { } // wait for the peer's FIN
            case ABORT_AFTER_EXCHANGE -> {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
            }
        }
    }

    /** The peer's FIN arrived after the exchange. */
    void onPeerEof(ChannelHandlerContext ctx) {
        ctx.close();
    }
}
