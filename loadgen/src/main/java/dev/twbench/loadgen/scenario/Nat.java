package dev.twbench.loadgen.scenario;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The NAT lab ({@code run --nat-ports N}): a router namespace between client and server that
 * source-NATs the client's connections to {@code addresses} router addresses, each with a range of
 * {@code ports} source ports. The pool holds {@code ports x addresses} mappings to one destination.
 *
 * @param ports     source ports per NAT address
 * @param addresses NAT addresses (1 for {@link NatMode#MASQUERADE}, which takes the interface's)
 * @param mode      how the router picks an address and port
 * @param sysctls   the router namespace's conntrack settings, on top of the host's values
 */
public record Nat(int ports, int addresses, NatMode mode, Map<RouterSysctl, String> sysctls) {
    /** The most ports one address can lend: 1024-65535, every port above the privileged ones. */
    public static final int MAX_PORTS = 65_535 - 1_024 + 1;
    public static final int MAX_ADDRESSES = 250;
    private static final int FIRST_PORT = 40_000;

    public Nat {
        if (ports < 1 || ports > MAX_PORTS) {
            throw InvalidScenarioException.of("--nat-ports", ports, "must be from 1 to " + MAX_PORTS
                    + " (the ports 1024-65535 one NAT address has)");
        }
        if (addresses < 1 || addresses > MAX_ADDRESSES) {
            throw InvalidScenarioException.of("--nat-addresses", addresses, "must be from 1 to " + MAX_ADDRESSES);
        }
        if (mode == NatMode.MASQUERADE && addresses != 1) {
            throw InvalidScenarioException.of("--nat-addresses", addresses, "must be 1 with --nat-mode masquerade,"
                    + " which maps to the router interface's own address");
        }
        sysctls = Collections.unmodifiableMap(sysctls.isEmpty() ? new EnumMap<>(RouterSysctl.class)
                : new EnumMap<>(sysctls));
    }

    /** The first source port of each address's range: 40000, or lower when more ports are asked for. */
    public int firstPort() {
        return Math.min(FIRST_PORT, 65_536 - ports);
    }

    public int lastPort() {
        return firstPort() + ports - 1;
    }

    /** Mappings the pool holds to one destination: ports x addresses. */
    public long portsAvailable() {
        return (long) ports * addresses;
    }
}
