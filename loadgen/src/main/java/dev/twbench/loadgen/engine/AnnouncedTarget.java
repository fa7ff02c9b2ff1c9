package dev.twbench.loadgen.engine;

import java.util.List;

/**
 * A destination that a twbench server agent announced as its own, over a handshake in which it
 * proved it holds the run's token: the one place a client agent on a real host may send load
 * besides loopback and its own lab link ({@link AllowedDestinations}).
 *
 * <pre>{@code
 * AnnouncedTarget target = new AnnouncedTarget("10.0.0.5:7070", List.of("10.0.0.5"), List.of(7000));
 * new ClientEngine(spec, target);   // refused unless spec's address and ports are among them
 * }</pre>
 *
 * @param serverAgent the server agent that announced them, {@code HOST:PORT}, for messages
 * @param addresses   the server's own addresses, IPv4 literals
 * @param ports       its listening ports
 */
public record AnnouncedTarget(String serverAgent, List<String> addresses, List<Integer> ports) {
    public AnnouncedTarget {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
    }

    /** Whether load to {@code address} on every one of {@code targetPorts} stays within what was announced. */
    public boolean covers(String address, List<Integer> targetPorts) {
        return addresses.contains(address) && ports.containsAll(targetPorts);
    }

    /** Why a target is refused, in one line. */
    public String refusal(String address, List<Integer> targetPorts) {
        return "refusing to send load to " + address + " port(s) " + targetPorts + ": the server agent at "
                + serverAgent + " announced " + (addresses.isEmpty() ? "no address (it runs no server)"
                : addresses + " port(s) " + ports) + ", and a client agent loads only what its server agent announced";
    }
}
