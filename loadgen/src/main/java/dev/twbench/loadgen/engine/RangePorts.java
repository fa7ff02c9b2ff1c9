package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;

/**
 * The ports of twbench's own range ({@code --bind range}) that one client loop walks:
 * {@code low + index, low + index + stride, ...}, round and round. Other bind modes have none.
 */
final class RangePorts {
    private final ClientBind bind;
    private final int index;
    private final int stride;
    private final int share;
    private int cursor;

    RangePorts(ClientBind bind, int index, int stride) {
        this.bind = bind;
        this.index = index;
        this.stride = stride;
        this.share = bind.mode() == ClientBind.Mode.RANGE ? (bind.rangeSize() - index + stride - 1) / stride : 0;
        if (bind.mode() == ClientBind.Mode.RANGE && share < 1) {
            throw new IllegalArgumentException("loop " + index + " of " + stride + " has no port of " + bind
                    + ": use no more event loops than ports");
        }
    }

    /** The next port to bind. */
    int next() {
        int port = bind.lowPort() + index + cursor * stride;
        cursor = (cursor + 1) % share;
        return port;
    }

    /**
     * Whether an attempt that found its port taken may try another: not once it has used as
     * many sockets as the loop has ports. The cursor is shared by the loop's attempts in flight,
     * so an attempt may meet a port twice and skip another; it still gives up after that many tries.
     *
     * @param tries sockets the attempt has used so far
     */
    boolean mayRetry(int tries) {
        return bind.mode() == ClientBind.Mode.RANGE && tries < share;
    }
}
