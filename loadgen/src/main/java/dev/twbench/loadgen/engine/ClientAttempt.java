package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.sys.Errno;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One connection attempt of the client: connect, send the request, read the whole response,
 * close as the close order says. It ends exactly once, completed or failed (with an errno
 * name), and then hands its slot back to the loop. In the range bind mode a port that is taken
 * makes the attempt try the next one on a new socket: same attempt, same scheduled time.
 */
final class ClientAttempt extends Exchange implements ChannelFutureListener {
    /** The range bind mode moves on to the next port after these. */
    private static final Set<String> PORT_TAKEN = Set.of(Errno.EADDRINUSE.name(), Errno.EADDRNOTAVAIL.name());

    private final ClientLoop loop;
    private final long dueNs;
    private final long startNs;
    private final InetSocketAddress remote;
    private final String source;
    private final int tries;

    /**
     * @param dueNs   when the schedule wanted it to start (latencies are measured from here)
     * @param startNs when it did start (its deadline counts from here)
     */
    ClientAttempt(ClientLoop loop, long dueNs, long startNs, InetSocketAddress remote, String source, int tries) {
        super(loop.rules());
        this.loop = loop;
        this.dueNs = dueNs;
        this.startNs = startNs;
        this.remote = remote;
        this.source = source;
        this.tries = tries;
    }

    long startNs() {
        return startNs;
    }

    InetSocketAddress remote() {
        return remote;
    }

    String source() {
        return source;
    }

    /** Sockets this attempt has used so far, this one included. */
    int tries() {
        return tries + 1;
    }

    /** The same attempt on a new socket. */
    ClientAttempt nextTry() {
        return new ClientAttempt(loop, dueNs, startNs, remote, source, tries + 1);
    }

    /** The connect() result: send the request. */
    @Override
    public void operationComplete(ChannelFuture connect) {
        if (!connect.isSuccess()) {
            String kind = Failures.classify(connect.cause());
            if (ended()) {
                // already ended (its deadline passed): nothing to count, nothing to retry
            } else if (PORT_TAKEN.contains(kind) && loop.retry(this)) {
                machine.handOver();
            } else if (Errno.ECONNRESET.name().equals(kind)) {
                // Reset, not refused: the connection was made and the peer reset it before the
                // transport reported it made (NIO's finishConnect). The machine decides what that
                // is: server-rst's close under the connect protocol, a failure otherwise.
                connected();
                machine.peerReset();
            } else {
                machine.fail(kind);
            }
            connect.channel().close();
            return;
        }
        connected();
        send(connect.channel());
    }

    private void connected() {
        loop.counters().connected.increment();
        loop.counters().connectLatency(loop.clock().nanoTime() - dueNs);
        machine.connected();
    }

    /** The whole response is in; the exchange is complete once the request was written too. */
    @Override
    public void peerMessageComplete() {
        loop.counters().requests.increment();
    }

    @Override
    protected void onCompleted(boolean byPeerReset) {
        loop.counters().completed.increment();
        if (byPeerReset) {
            loop.counters().peerResets.increment();
        }
        loop.counters().cycleLatency(loop.clock().nanoTime() - dueNs);
        loop.attemptEnded();
    }

    @Override
    protected void onFailed(String kind) {
        loop.counters().failure(kind, loop.clock().nanoTime());
        loop.attemptEnded();
    }
}
