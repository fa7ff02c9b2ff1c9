package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseStep;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one close mechanism, shared by client and server: each side calls it at the same three
 * moments of a connection, and its {@link CloseStep} decides what happens.
 */
final class Closer {
    private final CloseStep step;
    private final long idleNs;

    /** @param idleMs how long {@link CloseStep#CLOSE_AFTER_IDLE} keeps an idle connection */
    Closer(CloseStep step, long idleMs) {
        this.step = step;
        this.idleNs = TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    /** This side's own message (request or response) has been written. */
    void afterSend(ChannelHandlerContext ctx) {
        if (step == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF) {
            ((DuplexChannel) ctx.channel()).shutdownOutput(); // FIN now; reading goes on
        }
    }

    /**
     * The exchange is over on this side: its message is written and the peer's has arrived.
     *
     * @param peerEofSeen the peer's FIN came already (half-close sends it right after the request)
     * @return the idle timer, for {@link CloseStep#CLOSE_AFTER_IDLE}, to cancel if the connection ends first
     */
    ScheduledFuture<?> afterExchange(ChannelHandlerContext ctx, boolean peerEofSeen) {
        switch (step) {
            case CLOSE_AFTER_EXCHANGE -> ctx.close();
            case ABORT_AFTER_EXCHANGE -> {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
            }
            case CLOSE_ON_PEER_EOF, SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF -> {
                if (peerEofSeen) {
                    ctx.close();
                }
            }
            case CLOSE_AFTER_IDLE -> {
                if (peerEofSeen) {
                    ctx.close();
                } else {
                    return ctx.executor().schedule(() -> ctx.close(), idleNs, TimeUnit.NANOSECONDS);
                }
            }
        }
        return null;
    }

    /** The peer's FIN arrived after the exchange: every step closes now (a passive close). */
    void onPeerEof(ChannelHandlerContext ctx) {
        ctx.close();
    }
}
