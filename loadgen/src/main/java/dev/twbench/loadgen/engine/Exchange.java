package dev.twbench.loadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Netty drivers' side of one connection: translates the pipeline's events into the
 * {@link ExchangeMachine}'s and carries out what it asks on the channel. The exchange itself
 * (what completes it, how each close step closes) is the machine's, the same as on the direct
 * engine. The client and the server differ only in when they send and in what they count.
 */
abstract class Exchange extends ChannelInboundHandlerAdapter implements ExchangeMachine.Owner, ExchangeMachine.Io {
    protected final ExchangeMachine machine = new ExchangeMachine(this, this);
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> idleClose;

    Exchange(ExchangeRules rules) {
        machine.begin(rules);
    }

    final ExchangeRules rules() {
        return machine.rules();
    }

    /** The connection ended after a full exchange; the timers end with it. */
    protected abstract void onCompleted(boolean byPeerReset);

    /** The connection ended without a full exchange; {@code kind} is an errno name or a FailureKinds constant. */
    protected abstract void onFailed(String kind);

    @Override
    public final void completed(boolean byPeerReset) {
        cancelTimers();
        onCompleted(byPeerReset);
    }

    @Override
    public final void failed(String kind) {
        cancelTimers();
        onFailed(kind);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** A connection still going {@code afterNs} from now is cut off, as real peers do. */
    final void armTimeout(EventLoop loop, Channel channel, long afterNs) {
        timeout = loop.schedule(() -> {
            if (!machine.ended()) {
                machine.timedOut();
                channel.close(); // the channel may not have reached the pipeline yet
            }
        }, Math.max(0, afterNs), TimeUnit.NANOSECONDS);
    }

    /** Writes this side's message; the machine hears when it is out. */
    protected final void send(Channel channel) {
        channel.writeAndFlush(machine.payload().view()).addListener(written -> {
            if (written.isSuccess()) {
                machine.sent();
            } else {
                machine.error(Failures.classify(written.cause())); // and closes
                channel.close(); // the channel may not have reached the pipeline yet
            }
        });
    }

    final void fail(Throwable cause) {
        machine.fail(Failures.classify(cause));
    }

    final boolean ended() {
        return machine.ended();
    }

    @Override
    public final void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            machine.received(bytes.nioBuffer());
        } finally {
            bytes.release();
        }
    }

    @Override
    public final void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            machine.peerEof();
        }
        context.fireUserEventTriggered(evt);
    }

    @Override
    public final void channelInactive(ChannelHandlerContext context) {
        machine.closed();
        context.fireChannelInactive();
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        machine.error(Failures.classify(cause));
    }

    @Override
    public final void shutdownOutput() {
        ((DuplexChannel) ctx.channel()).shutdownOutput();
    }

    @Override
    public final void close() {
        if (ctx != null) { // null only before the channel reached its pipeline: its closer closes it
            ctx.close();
        }
    }

    @Override
    public final void abort() {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        close();
    }

    @Override
    public final void armIdleClose(long afterNs) {
        if (idleClose != null) {
            idleClose.cancel(false); // HTTP keep-alive re-arms it between requests: the latest counts
        }
        idleClose = ctx.executor().schedule(machine::idleExpired, afterNs, TimeUnit.NANOSECONDS);
    }

    @Override
    public final void sendNext() {
        send(ctx.channel());
    }

    /** Ends the timers with the connection, so they do not hold it in memory until they fire. */
    private void cancelTimers() {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (idleClose != null) {
            idleClose.cancel(false);
        }
    }
}
