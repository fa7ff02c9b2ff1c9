package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseOrder;

/**
 * Everything the server agent needs, sent to it as its first message.
 *
 * @param port         0 lets the kernel choose; the agent reports the port it got
 * @param reuseAddress SO_REUSEADDR on the listening socket (real servers turn it on)
 */
public record ServerSpec(
        NettyTransport transport,
        String bindAddress,
        int port,
        CloseOrder closeOrder,
        int requestBytes,
        int responseBytes,
        long timeoutMs,
        int threads,
        boolean reuseAddress) {
}
