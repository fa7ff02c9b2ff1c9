package dev.twbench.loadgen.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;

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

    private LabAddresses() {
    }

    /** True for 127.0.0.0/8 and 198.18.0.0/15: the only destinations twbench sends load to. */
    public static boolean isAllowedDestination(String address) {
        if (address == null || !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false; // literals only: never resolve a name
        }
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length != 4) {
                return false;
            }
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 127 || (first == 198 && (second == 18 || second == 19));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
