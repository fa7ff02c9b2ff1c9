package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.scenario.Side;
import java.util.Map;
import java.util.Optional;

/**
 * One side of a lab as built.
 *
 * @param side    client or server
 * @param netns   the side's network namespace; empty in the host lab
 * @param address the side's IPv4 address (the server's is the client's destination)
 * @param sysctls every per-namespace sysctl as read back from the side after setup
 */
public record LabSide(Side side, Optional<String> netns, String address, Map<String, String> sysctls) {
    public LabSide {
        sysctls = Map.copyOf(sysctls);
    }
}
