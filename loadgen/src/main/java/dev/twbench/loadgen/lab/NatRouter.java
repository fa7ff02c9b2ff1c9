package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.RouterSysctl;
import dev.twbench.loadgen.sys.Exec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The NAT lab's middle namespace: it forwards between the client's link and the server's and
 * source-NATs every TCP connection leaving towards the server, with one nftables rule that lives
 * in this namespace only (the host's ruleset never changes).
 *
 * <pre>
 *   client 198.19.0.2 [twb0] --- [twbc 198.19.0.254] router [twbs 198.18.2.1..K] --- [twb0 198.18.0.1] server
 *                                        snat to 198.18.2.1-198.18.2.K:40000-(40000+N-1)
 * </pre>
 *
 * The server keeps its address; the client moves to 198.19.0.0/16 and reaches the server's subnet
 * through the router. The NAT addresses sit on the server's subnet, so the server answers them
 * directly, as it would a NAT gateway on its network.
 *
 * <p>A process of the lab's own, {@code cat} reading a pipe from the orchestrator, lives in the
 * namespace so that the probe can read its conntrack table through {@code /proc/<pid>/net} as it
 * reads the agents' counters: microseconds a tick, no process started per tick. It exits by itself
 * when the orchestrator dies (its pipe closes), and {@link StaleLabs} knows it by its mark.
 */
public final class NatRouter implements AutoCloseable {
    /** The router's interfaces: towards the client, towards the server. */
    static final String CLIENT_LINK = "twbc";
    static final String SERVER_LINK = "twbs";
    /** The router's address on the client's link: the client's route to the server's subnet. */
    static final String GATEWAY = "198.19.0.254";

    private final Nat nat;
    private final List<String> natAddresses;
    private final Map<String, String> sysctls;
    private final Process holder;

    private NatRouter(Nat nat, List<String> natAddresses, Map<String, String> sysctls, Process holder) {
        this.nat = nat;
        this.natAddresses = List.copyOf(natAddresses);
        this.sysctls = Map.copyOf(sysctls);
        this.holder = holder;
    }

    /**
     * Links the three namespaces (created empty by the caller) and sets up the router. The caller
     * removes the namespaces if this throws; the holder process is ended here on failure.
     */
    static NatRouter build(String clientNs, String routerNs, String serverNs, Nat nat, List<String> clientAddresses) {
        Netns.ip(clientNs, "link", "add", LabAddresses.VETH, "type", "veth", "peer", "name", CLIENT_LINK, "netns",
                routerNs);
        Netns.ip(routerNs, "link", "add", SERVER_LINK, "type", "veth", "peer", "name", LabAddresses.VETH, "netns",
                serverNs);
        List<String> natAddresses = LabAddresses.natAddresses(nat.addresses());
        // The client's /15 covers the server's subnet too, so that the engine's safety rule (the
        // destination is on the lab link's subnet) holds; the /16 route via the router is more
        // specific and carries the traffic.
        Netns.addAddresses(clientNs, LabAddresses.VETH, clientAddresses, LabAddresses.NAT_CLIENT_PREFIX_LENGTH);
        Netns.addAddresses(routerNs, CLIENT_LINK, List.of(GATEWAY), LabAddresses.PREFIX_LENGTH);
        Netns.addAddresses(routerNs, SERVER_LINK, natAddresses, LabAddresses.PREFIX_LENGTH);
        Netns.addAddresses(serverNs, LabAddresses.VETH, List.of(LabAddresses.SERVER), LabAddresses.PREFIX_LENGTH);
        for (String[] link : new String[][] {{clientNs, LabAddresses.VETH}, {routerNs, CLIENT_LINK},
                {routerNs, SERVER_LINK}, {serverNs, LabAddresses.VETH}}) {
            Netns.ip(link[0], "link", "set", link[1], "up");
        }
        Netns.ip(routerNs, "link", "set", "lo", "up");
        Netns.ip(clientNs, "route", "add", LabAddresses.SERVER_SUBNET, "via", GATEWAY, "dev", LabAddresses.VETH);
        write(routerNs, Map.of("/proc/sys/net/ipv4/ip_forward", "1"));
        // The nat table loads conntrack into the namespace: its sysctls exist only from here on.
        Exec.run(List.of("ip", "netns", "exec", routerNs, "nft", "-f", "-"), ruleset(nat, natAddresses)).orThrow();
        Map<String, String> wanted = new LinkedHashMap<>();
        nat.sysctls().forEach((key, value) -> wanted.put(key.procPath().toString(), value));
        write(routerNs, wanted);
        Map<String, String> readBack = readBack(routerNs);
        Process holder = startHolder(routerNs);
        return new NatRouter(nat, natAddresses, readBack, holder);
    }

    /** The router's whole ruleset: one table, one chain, one rule. */
    static String ruleset(Nat nat, List<String> natAddresses) {
        String addresses = natAddresses.size() == 1 ? natAddresses.get(0)
                : natAddresses.get(0) + "-" + natAddresses.get(natAddresses.size() - 1);
        return """
                table ip twbench {
                    chain postrouting {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "%s" meta l4proto tcp %s
                    }
                }
                """.formatted(SERVER_LINK, nat.mode().nftStatement(addresses, nat.firstPort(), nat.lastPort()));
    }

    /** Writes each /proc/sys file inside the namespace; names the setting the kernel refused. */
    private static void write(String ns, Map<String, String> values) {
        Netns.writeProcFiles(ns, values).ifPresent(path -> {
            throw new SysctlRejectedException("the kernel refused " + path + "=" + values.get(path)
                    + " in the router namespace " + ns);
        });
    }

    /** Every conntrack setting the router may have, as it has them now, for run.json. */
    private static Map<String, String> readBack(String ns) {
        List<String> command = new ArrayList<>(List.of("cat"));
        for (RouterSysctl key : RouterSysctl.values()) {
            command.add(key.procPath().toString());
        }
        List<String> lines = Netns.exec(ns, command).orThrow().stdout().lines().toList();
        Map<String, String> values = new LinkedHashMap<>();
        RouterSysctl[] keys = RouterSysctl.values();
        for (int i = 0; i < keys.length && i < lines.size(); i++) {
            values.put(keys[i].key(), lines.get(i).strip());
        }
        return values;
    }

    private static Process startHolder(String ns) {
        try {
            return new ProcessBuilder(NetnsLab.commandIn(ns, List.of("cat")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start a process in the router namespace " + ns + ": " + e.getMessage());
        }
    }

    public Nat nat() {
        return nat;
    }

    /** The addresses the client's connections are mapped to. */
    public List<String> natAddresses() {
        return natAddresses;
    }

    /** Every {@link RouterSysctl} as read back from the router after setup. */
    public Map<String, String> sysctls() {
        return sysctls;
    }

    /** A process inside the router namespace: {@code /proc/<pid>/net} is the router's. */
    public long holderPid() {
        return holder.pid();
    }

    /** Ends the holder (its pid is ours) and waits for it, so that the namespace can go. */
    @Override
    public void close() {
        holder.destroy();
        try {
            if (!holder.waitFor(2, TimeUnit.SECONDS)) {
                holder.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            holder.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
