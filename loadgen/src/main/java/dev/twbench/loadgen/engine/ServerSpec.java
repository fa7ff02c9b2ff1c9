package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Transport;

/**
 * Everything the server agent needs, sent to it as its first message.
 *
 * @param firstPort    0 lets the kernel choose (one port only); the agent reports the ports it got
 * @param ports        consecutive ports to listen on
 * @param reuseAddress SO_REUSEADDR on the listening sockets (real servers turn it on)
 * @param reusePort    0: one listener per port; N: N listeners per port, all with SO_REUSEPORT
 * @param idleTimeoutMs how long a {@code server-idle} server keeps an idle connection
 * @param http         speak HTTP/1.1: answer each request with {@code responseBytes} of body, as
 *                     many requests as a connection brings ({@code --protocol http1})
 */
public record ServerSpec(
        Transport transport,
        String bindAddress,
        int firstPort,
        int ports,
        boolean reuseAddress,
        int reusePort,
        CloseOrder closeOrder,
        int requestBytes,
        int responseBytes,
        long timeoutMs,
        long idleTimeoutMs,
        int threads,
        boolean http) {
    /** The raw protocol (or connect, with no bytes). */
    public ServerSpec(Transport transport, String bindAddress, int firstPort, int ports, boolean reuseAddress,
            int reusePort, CloseOrder closeOrder, int requestBytes, int responseBytes, long timeoutMs,
            long idleTimeoutMs, int threads) {
        this(transport, bindAddress, firstPort, ports, reuseAddress, reusePort, closeOrder, requestBytes,
                responseBytes, timeoutMs, idleTimeoutMs, threads, false);
    }
}
