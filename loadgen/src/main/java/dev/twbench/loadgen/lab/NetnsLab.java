package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.probe.LabProbe;
import dev.twbench.loadgen.probe.NamespaceProbe;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.Privileges;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces, {@code twb-<pid>-<seq>-c} and {@code -s}, joined by a veth pair that
 * is created inside them (the host's own interfaces never change), or, with a {@link Nat}, three:
 * the client's and the server's joined through a router namespace {@code -r} ({@link NatRouter}).
 * Each side starts from the
 * host's values of the per-namespace sysctls (a new namespace would otherwise start from
 * kernel defaults), then gets the scenario's overrides.
 *
 * <pre>{@code
 * try (Lab lab = NetnsLab.create(overrides)) {
 *     List<String> cmd = lab.commandIn(Side.SERVER, List.of("java", "..."));
 *     ...
 * }   // namespaces removed; agents must have been ended first
 * }</pre>
 */
public final class NetnsLab implements Lab {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String id;
    private final Map<Side, String> namespaces = new EnumMap<>(Side.class);
    private final Map<Side, LabSide> sides = new EnumMap<>(Side.class);
    private Optional<NatRouter> router = Optional.empty();
    private boolean closed;

    private NetnsLab(String id, boolean withRouter) {
        this.id = id;
        namespaces.put(Side.CLIENT, "twb-" + id + "-c");
        namespaces.put(Side.SERVER, "twb-" + id + "-s");
        if (withRouter) {
            namespaces.put(Side.ROUTER, "twb-" + id + "-r");
        }
    }

    /**
     * Builds the lab; on any failure removes whatever was created and throws.
     *
     * @throws LabException with a plain explanation (missing privilege, missing {@code ip}, a
     *                      sysctl value the kernel refused)
     */
    public static NetnsLab create(SysctlOverrides overrides) {
        return create(overrides, 1);
    }

    /** @param clientAddresses addresses on the client's end of the veth (198.18.0.2, then 198.18.1.1, ...) */
    public static NetnsLab create(SysctlOverrides overrides, int clientAddresses) {
        return create(overrides, clientAddresses, Optional.empty());
    }

    /** @param nat a router between client and server that source-NATs the client's connections */
    public static NetnsLab create(SysctlOverrides overrides, int clientAddresses, Optional<Nat> nat) {
        requirePrivilege();
        NetnsLab lab = new NetnsLab(ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet(),
                nat.isPresent());
        try {
            lab.build(overrides, nat.isPresent() ? LabAddresses.natClientAddresses(clientAddresses)
                    : LabAddresses.clientAddresses(clientAddresses), nat);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build(SysctlOverrides overrides, List<String> clientAddresses, Optional<Nat> nat) {
        String c = namespaces.get(Side.CLIENT);
        String s = namespaces.get(Side.SERVER);
        for (String ns : namespaces.values()) {
            Netns.add(ns);
        }
        if (nat.isPresent()) {
            String r = namespaces.get(Side.ROUTER);
            router = Optional.of(NatRouter.build(c, r, s, nat.get(), clientAddresses));
            sides.put(Side.ROUTER, new LabSide(Side.ROUTER, Optional.of(r), router.get().natAddresses(),
                    router.get().sysctls()));
        } else {
            // Create the veth pair inside the client namespace, its peer straight into the server's.
            Netns.ip(c, "link", "add", LabAddresses.VETH, "type", "veth", "peer", "name", LabAddresses.VETH,
                    "netns", s);
            Netns.addAddresses(c, LabAddresses.VETH, clientAddresses, LabAddresses.PREFIX_LENGTH);
            Netns.addAddresses(s, LabAddresses.VETH, List.of(LabAddresses.SERVER), LabAddresses.PREFIX_LENGTH);
            for (String ns : List.of(c, s)) {
                Netns.ip(ns, "link", "set", LabAddresses.VETH, "up");
            }
        }
        for (String ns : List.of(c, s)) {
            Netns.ip(ns, "link", "set", "lo", "up");
        }
        Map<NamespaceSysctl, String> host = HostSysctls.read();
        for (Side side : Side.ENDS) {
            Map<NamespaceSysctl, String> wanted = new EnumMap<>(host);
            for (Map.Entry<NamespaceSysctl, String> o : overrides.forSide(side).entrySet()) {
                if (!host.containsKey(o.getKey())) {
                    throw new LabException(o.getKey().key() + " does not exist on this kernel (" + System.getProperty(
                            "os.version") + "); remove the override");
                }
                wanted.put(o.getKey(), o.getValue());
            }
            String ns = namespaces.get(side);
            applySysctls(ns, wanted);
            List<String> addresses = side == Side.CLIENT ? clientAddresses : List.of(LabAddresses.SERVER);
            sides.put(side, new LabSide(side, Optional.of(ns), addresses, readSysctls(ns, wanted.keySet())));
        }
    }

    /** Writes all values inside the namespace; names the key the kernel refused. */
    private static void applySysctls(String ns, Map<NamespaceSysctl, String> values) {
        Map<String, String> byPath = new LinkedHashMap<>();
        values.forEach((key, value) -> byPath.put(key.procPath().toString(), value));
        Netns.writeProcFiles(ns, byPath).ifPresent(path -> {
            String setting = values.entrySet().stream().filter(e -> e.getKey().procPath().toString().equals(path))
                    .map(e -> e.getKey().key() + "=" + e.getValue()).findFirst().orElse(path);
            throw new SysctlRejectedException("the kernel refused " + setting + " in namespace " + ns
                    + " (it checks ranges the CLI cannot know, e.g. port range parity or order)");
        });
    }

    /** What each namespace actually has, for run.json. */
    private static Map<String, String> readSysctls(String ns, Iterable<NamespaceSysctl> keys) {
        List<NamespaceSysctl> order = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of("cat"));
        for (NamespaceSysctl key : keys) {
            order.add(key);
            command.add(key.procPath().toString());
        }
        List<String> lines = Netns.exec(ns, command).orThrow().stdout().lines().toList();
        if (lines.size() != order.size()) {
            throw new LabException("reading sysctls back in " + ns + " gave " + lines.size() + " lines for "
                    + order.size() + " keys");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            values.put(order.get(i).key(), HostSysctls.canonical(lines.get(i)));
        }
        return values;
    }

    private static void requirePrivilege() {
        if (!Exec.run(List.of("ip", "-V")).ok()) {
            throw new LabException("the namespace lab needs iproute2's 'ip' command, which was not found:"
                    + " install it (apt-get install iproute2), or use --lab host");
        }
        if (!Privileges.isRoot()) {
            throw new LabException("the namespace lab needs root, or a user namespace (which twbench enters by"
                    + " itself where the kernel allows it); run as root, or use --lab host to measure the host's"
                    + " own stack");
        }
    }

    @Override
    public LabKind kind() {
        return LabKind.NETNS;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public LabSide side(Side side) {
        return sides.get(side);
    }

    public String namespace(Side side) {
        return namespaces.get(side);
    }

    @Override
    public List<Side> sides() {
        return router.isPresent() ? List.of(Side.CLIENT, Side.SERVER, Side.ROUTER) : Side.ENDS;
    }

    /** The NAT lab's router; empty in the two-namespace lab. */
    public Optional<NatRouter> router() {
        return router;
    }

    /** Also marks the command as this lab's ({@link LabMarker}), so that {@link StaleLabs} knows it for ours. */
    @Override
    public List<String> commandIn(Side side, List<String> command) {
        return commandIn(namespaces.get(side), command);
    }

    /** {@code setsid ip netns exec <namespace> env TWBENCH_LAB=<namespace> <command>}: each execs the next in place. */
    static List<String> commandIn(String namespace, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", namespace));
        wrapped.addAll(LabMarker.mark(namespace, command));
        return wrapped;
    }

    @Override
    public LabProbe probe(Map<Side, Long> agentPids, List<Integer> serverPorts) {
        Map<Side, Long> pids = new EnumMap<>(agentPids);
        router.ifPresent(r -> pids.put(Side.ROUTER, r.holderPid()));
        return new NamespaceProbe(pids, namespaces, router.map(NatRouter::natAddresses).orElse(List.of()));
    }

    /**
     * Removes both namespaces; the veth pair goes with them. The agents must have been ended first
     * (the run does that by their pids); a process anyone else started in a namespace is left
     * alone, and the namespace itself lives on, nameless, until that process exits.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        router.ifPresent(NatRouter::close);
        for (String ns : namespaces.values()) {
            if (!Netns.delete(ns)) {
                System.err.println("twbench: could not remove network namespace " + ns + "; remove it with"
                        + " 'ip netns delete " + ns + "'");
            }
        }
    }
}
