package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.engine.AllowedDestinations;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's addresses, from 198.18.0.0/15 (RFC 2544: reserved for benchmarking, never routed).
 * Each lab has its own pair of namespaces, so every lab uses the same addresses without
 * conflict. Load may only go to these or to loopback: {@link AllowedDestinations}, the engine's
 * rule, accepts them on the lab's link, named {@link #VETH} after the interface that rule checks.
 */
public final class LabAddresses {
    public static final String SERVER = "198.18.0.1";
    public static final String CLIENT = "198.18.0.2";
    public static final int PREFIX_LENGTH = 16;
    /** The server's subnet: the NAT lab's client reaches it through the router. */
    public static final String SERVER_SUBNET = "198.18.0.0/16";
    /** The NAT lab's client: 198.19.0.2/15, so that the server's subnet counts as its lab link's ({@link NatRouter}). */
    public static final int NAT_CLIENT_PREFIX_LENGTH = 15;
    public static final String VETH = AllowedDestinations.LAB_INTERFACE;
    private static final int PER_BLOCK = 250;

    private LabAddresses() {
    }

    /** The client's addresses in the namespace lab: 198.18.0.2, then 198.18.1.1, 198.18.1.2, ... */
    public static List<String> clientAddresses(int count) {
        List<String> addresses = new ArrayList<>(List.of(CLIENT));
        for (int i = 0; i < count - 1; i++) {
            addresses.add("198.18." + (1 + i / PER_BLOCK) + "." + (1 + i % PER_BLOCK));
        }
        return addresses;
    }

    /** The client's addresses behind the NAT lab's router: 198.19.0.2, then 198.19.1.1, 198.19.1.2, ... */
    public static List<String> natClientAddresses(int count) {
        return clientAddresses(count).stream().map(a -> a.replaceFirst("^198\\.18\\.", "198.19.")).toList();
    }

    /** The NAT router's pool on the server's subnet: 198.18.2.1, 198.18.2.2, ... */
    public static List<String> natAddresses(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add("198.18." + (2 + i / PER_BLOCK) + "." + (1 + i % PER_BLOCK));
        }
        return addresses;
    }

    /** The client's addresses on the host's loopback: 127.0.0.1 alone, or 127.1.0.1, 127.1.0.2, ... (all of 127/8 is local). */
    public static List<String> loopbackClientAddresses(int count) {
        if (count == 1) {
            return List.of("127.0.0.1");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add("127.1." + (i / PER_BLOCK) + "." + (1 + i % PER_BLOCK));
        }
        return addresses;
    }
}
