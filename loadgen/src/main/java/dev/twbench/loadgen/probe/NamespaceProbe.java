package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.Exec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads each side through a process living in its namespace: {@code /proc/<pid>/net/sockstat}
 * and {@code /proc/<pid>/net/netstat} show that process's namespace and cost microseconds,
 * however many sockets there are.
 *
 * <p>The NAT lab's router is read the same way, through the lab's own process in its namespace,
 * but from its conntrack files ({@link Conntrack}): it has no agent and ends no connection.
 *
 * <p>An agent can die mid-run while its namespace lives on (it is named, so the kernel keeps it).
 * Its TIME_WAIT sockets are still there and still counted, so the side is then read by a short
 * {@code cat} run inside the namespace: a few milliseconds a tick instead of microseconds, and no
 * interval goes missing.
 */
public final class NamespaceProbe implements LabProbe {
    private final Map<Side, Long> pidBySide;
    private final Map<Side, String> namespaceBySide;
    /** The NAT router's pool, when the lab has a router: its entries mapped there are the mappings in use. */
    private final Set<String> natAddresses;
    /** A conntrack table up to this many entries is walked at every tick. */
    private static final long SMALL_CONNTRACK_ENTRIES = 4_096;
    private static final long LARGE_TABLE_EVERY_NS = 1_000_000_000L;
    private long lastConntrackWalkNs = Long.MIN_VALUE / 2;
    /** Sides whose agent is gone: read through their namespace's name only. */
    private final Set<Side> agentGone = EnumSet.noneOf(Side.class);

    /**
     * @param pidBySide       a process inside each side's namespace (its agent)
     * @param namespaceBySide each side's named namespace, read directly once its agent is gone
     * @param natAddresses    the NAT router's addresses ({@link Side#ROUTER} is read from its conntrack table)
     */
    public NamespaceProbe(Map<Side, Long> pidBySide, Map<Side, String> namespaceBySide, List<String> natAddresses) {
        this.pidBySide = Map.copyOf(pidBySide);
        this.namespaceBySide = Map.copyOf(namespaceBySide);
        this.natAddresses = Set.copyOf(natAddresses);
    }

    @Override
    public Map<Side, CounterValues> read(boolean complete) throws IOException {
        Map<Side, CounterValues> readings = new EnumMap<>(Side.class);
        for (Map.Entry<Side, Long> e : pidBySide.entrySet()) {
            readings.put(e.getKey(), readSide(e.getKey(), e.getValue(), complete));
        }
        return readings;
    }

    private CounterValues readSide(Side side, long pid, boolean complete) throws IOException {
        String namespace = namespaceBySide.get(side);
        if (!agentGone.contains(side)) {
            try {
                return side == Side.ROUTER ? Conntrack.read(Conntrack.Files.of(netDir(pid)), natAddresses,
                        entries -> walkConntrack(entries, complete)) : readPid(pid);
            } catch (IOException | IllegalArgumentException gone) {
                // /proc/<pid>/net goes with the process (a zombie has no namespace left to show).
                if (namespace == null) {
                    throw gone;
                }
                // From now on read the namespace itself: the pid may be reused by another process.
                agentGone.add(side);
            }
        }
        return side == Side.ROUTER ? readRouterNamespace(namespace, complete) : readNamespace(namespace);
    }

    private static Path netDir(long pid) {
        return Path.of("/proc", Long.toString(pid), "net");
    }

    private CounterValues readRouterNamespace(String namespace, boolean complete) throws IOException {
        return Conntrack.read(name -> catIn(namespace, "/proc/net/" + name), natAddresses,
                entries -> walkConntrack(entries, complete));
    }

    /**
     * Whether to walk the router's conntrack table at this tick. It costs about 1 ms per 1,000
     * entries (2.9 ms at 1,000, 11 to 16 ms at 10,000, 101 ms at 64,000, where a tick is 100 ms),
     * so a large table is walked at most once a second, and always at the last tick; its two
     * levels have no value in between, as the host lab's TIME_WAIT has none between its walks.
     */
    private boolean walkConntrack(long entries, boolean complete) {
        long now = System.nanoTime();
        if (complete || entries <= SMALL_CONNTRACK_ENTRIES || now - lastConntrackWalkNs >= LARGE_TABLE_EVERY_NS) {
            lastConntrackWalkNs = now;
            return true;
        }
        return false;
    }

    private static String catIn(String namespace, String file) throws IOException {
        Exec.Result cat = Exec.run(List.of("ip", "netns", "exec", namespace, "cat", file));
        if (!cat.ok()) {
            throw new IOException("cannot read namespace " + namespace + ": " + cat.describe());
        }
        return cat.stdout();
    }

    /** One namespace's counters, seen through process {@code pid}. */
    public static CounterValues readPid(long pid) throws IOException {
        return KernelCounters.read(netDir(pid));
    }

    /** One named namespace's counters, read by a process started in it for the purpose. */
    public static CounterValues readNamespace(String namespace) throws IOException {
        // netstat first, as KernelCounters.read explains.
        Exec.Result cat = Exec.run(List.of("ip", "netns", "exec", namespace, "cat", "/proc/net/netstat",
                "/proc/net/sockstat", "/proc/net/snmp"));
        if (!cat.ok()) {
            throw new IOException("cannot read namespace " + namespace + ": " + cat.describe());
        }
        // sockstat's "TCP:" line, netstat's "TcpExt:" pair and snmp's "Tcp:" pair are found wherever they are.
        return KernelCounters.parse(cat.stdout(), cat.stdout(), cat.stdout());
    }
}
