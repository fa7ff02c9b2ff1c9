package dev.twbench.loadgen.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where twbench may send load: the safety rule the client engine applies before it opens a
 * socket, wherever it runs. It lives with the engine so that the engine owns it; the lab names
 * its link after {@link #LAB_INTERFACE} so that what it builds is what this rule accepts.
 *
 * <pre>{@code
 * if (!AllowedDestinations.isAllowed(spec.serverAddress())) {
 *     throw new IllegalArgumentException("refusing to send load to " + spec.serverAddress() + ...);
 * }
 * }</pre>
 */
public final class AllowedDestinations {
    /** The lab link's interface, on both ends of the veth pair, in each lab namespace. */
    public static final String LAB_INTERFACE = "twb0";

    private AllowedDestinations() {
    }

    /**
     * True for the only destinations twbench sends load to: loopback (127.0.0.0/8), and an address
     * of this network namespace's own lab link, i.e. in 198.18.0.0/15 and on the subnet of an
     * address of the {@value #LAB_INTERFACE} interface the lab created here. A 198.18/15 address
     * anywhere else (the host's namespace, another lab, a real benchmark network) is refused.
     */
    public static boolean isAllowed(String address) {
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
            NetworkInterface veth = NetworkInterface.getByName(LAB_INTERFACE);
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
