package dev.twbench.loadgen.lab;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab's addresses, from 198.18.0.0/15 (RFC 2544: reserved for benchmarking, never routed).
 * Each lab has its own pair of namespaces, so every lab uses the same addresses without
 * conflict. Load may only go to these or to loopback.
 */
public final class LabAddresses {
    public static final String SERVER = "198.18.0.1";
    public static final String CLIENT = "198.18.0.2";
    public static final int PREFIX_LENGTH = 16;
    public static final String VETH = "twb0";
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

    /**
     * True for the only destinations twbench sends load to: loopback (127.0.0.0/8), and an address
     * of this network namespace's own lab link, i.e. in 198.18.0.0/15 and on the subnet of an
     * address of the {@value #VETH} interface the lab created here. A 198.18/15 address anywhere
     * else (the host's namespace, another lab, a real benchmark network) is refused.
     */
    public static boolean isAllowedDestination(String address) {
        Optional<Inet4Address> destination = literal(address);
        if (destination.isEmpty()) {
            return false;
        }
        byte[] b = destination.get().getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 127) {
            return true;
        }
        return first == 198 && (second == 18 || second == 19) && onOwnLabLink(destination.get());
    }

    /** An IPv4 literal; never a name, which would need a resolver and could point anywhere. */
    private static Optional<Inet4Address> literal(String address) {
        if (address == null || !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            return InetAddress.getByName(address) instanceof Inet4Address v4 ? Optional.of(v4) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The destination is on the subnet of an address of this namespace's lab interface. */
    private static boolean onOwnLabLink(Inet4Address destination) {
        try {
            NetworkInterface veth = NetworkInterface.getByName(VETH);
            if (veth == null) {
                return false;
            }
            for (InterfaceAddress own : veth.getInterfaceAddresses()) {
                if (own.getAddress() instanceof Inet4Address v4 && sameSubnet(v4, destination, own.getNetworkPrefixLength())) {
                    return true;
                }
            }
            return false;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean sameSubnet(Inet4Address a, Inet4Address b, int prefixLength) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (toInt(a) & mask) == (toInt(b) & mask);
    }

    private static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
