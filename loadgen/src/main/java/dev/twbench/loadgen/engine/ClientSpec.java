package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseOrder;

/**
 * Everything the client agent needs, sent to it as its first message.
 *
 * @param serverAddress  destination; must be loopback or the lab's own 198.18.0.0/15
 * @param ratePerSecond  0 for the closed loop
 * @param warmupMs       how long the load's own schedule runs before Go, with abortive closes (no
 *                       TIME_WAIT anywhere), so the JIT has compiled the hot paths when Go comes
 */
public record ClientSpec(
        NettyTransport transport,
        String serverAddress,
        int serverPort,
        CloseOrder closeOrder,
        long ratePerSecond,
        long durationMs,
        int maxInFlight,
        int requestBytes,
        int responseBytes,
        long timeoutMs,
        int threads,
        long warmupMs) {
}
