package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.scenario.Side;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One side of a lab as built.
 *
 * @param side      client or server
 * @param netns     the side's network namespace; empty in the host lab
 * @param addresses the side's IPv4 addresses, the primary first (the server's is the client's destination)
 * @param sysctls   every per-namespace sysctl as read back from the side after setup
 */
public record LabSide(Side side, Optional<String> netns, List<String> addresses, Map<String, String> sysctls) {
    public LabSide {
        addresses = List.copyOf(addresses);
        sysctls = Map.copyOf(sysctls);
    }

    /** The primary address. */
    public String address() {
        return addresses.get(0);
    }
}
