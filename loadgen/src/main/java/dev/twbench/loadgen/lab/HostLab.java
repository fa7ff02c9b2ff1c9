package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.probe.HostPortProbe;
import dev.twbench.loadgen.probe.LabProbe;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * No namespaces: both agents on the host's loopback, measuring the host's stack as it is
 * configured. Nothing is created, so closing it does nothing.
 */
public final class HostLab implements Lab {
    private static final String LOOPBACK = "127.0.0.1";
    /** Walking /proc/net/tcp is expensive; per-side TIME_WAIT is read at most this often. */
    public static final long TABLE_EVERY_MS = 1_000;

    private final Map<Side, LabSide> sides = new LinkedHashMap<>();

    /** @param clientAddresses how many loopback addresses the client spreads its connections over */
    public HostLab(int clientAddresses) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        HostSysctls.read().forEach((k, v) -> sysctls.put(k.key(), v));
        sides.put(Side.SERVER, new LabSide(Side.SERVER, Optional.empty(), List.of(LOOPBACK), sysctls));
        sides.put(Side.CLIENT, new LabSide(Side.CLIENT, Optional.empty(),
                LabAddresses.loopbackClientAddresses(clientAddresses), sysctls));
    }

    @Override
    public LabKind kind() {
        return LabKind.HOST;
    }

    @Override
    public String id() {
        return "host";
    }

    @Override
    public LabSide side(Side side) {
        return sides.get(side);
    }

    @Override
    public List<String> commandIn(Side side, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("setsid"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public LabProbe probe(Map<Side, Long> agentPids, List<Integer> serverPorts) {
        return new HostPortProbe(serverPorts, TABLE_EVERY_MS);
    }

    @Override
    public void close() {
        // nothing was created
    }
}
