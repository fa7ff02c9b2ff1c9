package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.PortRange;
import dev.twbench.loadgen.scenario.Transport;
import java.util.List;

/**
 * Everything the client agent needs, sent to it as its first message.
 *
 * @param serverAddress   destination; must be loopback or the lab's own 198.18.0.0/15
 * @param serverPorts     the server's ports; attempt k goes to port {@code k mod ports}
 * @param sourceAddresses the client's addresses; with a binding {@link ClientBind}, attempts
 *                        spread over them (the kernel picks when there is no binding)
 * @param portRange       IP_LOCAL_PORT_RANGE for every socket; null for none
 * @param ratePerSecond   0 for the closed loop
 * @param warmupMs        how long the load's own schedule runs before Go, with abortive closes (no
 *                        TIME_WAIT anywhere), so the JIT has compiled the hot paths when Go comes
 * @param http            HTTP/1.1 ({@code --protocol http1}); null for raw bytes
 */
public record ClientSpec(
        Transport transport,
        String serverAddress,
        List<Integer> serverPorts,
        List<String> sourceAddresses,
        CloseOrder closeOrder,
        ClientBind bind,
        PortRange portRange,
        long ratePerSecond,
        long durationMs,
        int maxInFlight,
        int requestBytes,
        int responseBytes,
        long timeoutMs,
        int threads,
        long warmupMs,
        HttpSpec http) {
    public ClientSpec {
        serverPorts = List.copyOf(serverPorts);
        sourceAddresses = List.copyOf(sourceAddresses);
    }

    /** The raw protocol (or connect, with no bytes): no HTTP. */
    public ClientSpec(Transport transport, String serverAddress, List<Integer> serverPorts,
            List<String> sourceAddresses, CloseOrder closeOrder, ClientBind bind, PortRange portRange,
            long ratePerSecond, long durationMs, int maxInFlight, int requestBytes, int responseBytes,
            long timeoutMs, int threads, long warmupMs) {
        this(transport, serverAddress, serverPorts, sourceAddresses, closeOrder, bind, portRange, ratePerSecond,
                durationMs, maxInFlight, requestBytes, responseBytes, timeoutMs, threads, warmupMs, null);
    }
}
