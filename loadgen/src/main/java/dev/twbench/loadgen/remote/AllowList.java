package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The networks an agent accepts connections from ({@code --allow CIDR}, repeatable); everyone
 * when none is given, the token being the gate.
 *
 * <pre>{@code
 * AllowList allow = AllowList.parse("--allow", List.of("198.18.0.0/15", "10.1.2.3/32"));
 * allow.admits(socket.getInetAddress());
 * }</pre>
 */
public record AllowList(List<Cidr> networks) {
    /** One network: its address bytes and prefix length. */
    public record Cidr(byte[] address, int prefixLength, String text) {
        boolean contains(InetAddress candidate) {
            byte[] b = candidate.getAddress();
            if (b.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((b[bit / 8] & mask) != (address[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public AllowList {
        networks = List.copyOf(networks);
    }

    public static AllowList parse(String option, List<String> cidrs) {
        return new AllowList(cidrs.stream().map(c -> cidr(option, c)).toList());
    }

    public boolean admits(InetAddress peer) {
        return networks.isEmpty() || networks.stream().anyMatch(n -> n.contains(peer));
    }

    @Override
    public String toString() {
        return networks.isEmpty() ? "any address" : networks.toString();
    }

    private static Cidr cidr(String option, String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw InvalidScenarioException.of(option, text, "must be an IP network in CIDR form, e.g. 198.18.0.0/15");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw InvalidScenarioException.of(option, text, "must be an IP network in CIDR form, e.g. 198.18.0.0/15");
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw InvalidScenarioException.of(option, text, "the prefix length must be 0 to " + bytes.length * 8);
        }
        return new Cidr(bytes, prefix, text);
    }
}
