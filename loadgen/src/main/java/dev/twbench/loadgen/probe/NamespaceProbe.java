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
 * <p>An agent can die mid-run while its namespace lives on (it is named, so the kernel keeps it).
 * Its TIME_WAIT sockets are still there and still counted, so the side is then read by a short
 * {@code cat} run inside the namespace: a few milliseconds a tick instead of microseconds, and no
 * interval goes missing.
 */
public final class NamespaceProbe implements LabProbe {
    private final Map<Side, Long> pidBySide;
    private final Map<Side, String> namespaceBySide;
    /** Sides whose agent is gone: read through their namespace's name only. */
    private final Set<Side> agentGone = EnumSet.noneOf(Side.class);

    /**
     * @param pidBySide       a process inside each side's namespace (its agent)
     * @param namespaceBySide each side's named namespace, read directly once its agent is gone
     */
    public NamespaceProbe(Map<Side, Long> pidBySide, Map<Side, String> namespaceBySide) {
        this.pidBySide = Map.copyOf(pidBySide);
        this.namespaceBySide = Map.copyOf(namespaceBySide);
    }

    @Override
    public Map<Side, CounterValues> read(boolean complete) throws IOException {
        Map<Side, CounterValues> readings = new EnumMap<>(Side.class);
        for (Map.Entry<Side, Long> e : pidBySide.entrySet()) {
            readings.put(e.getKey(), readSide(e.getKey(), e.getValue()));
        }
        return readings;
    }

    private CounterValues readSide(Side side, long pid) throws IOException {
        String namespace = namespaceBySide.get(side);
        if (!agentGone.contains(side)) {
            try {
                return readPid(pid);
            } catch (IOException | IllegalArgumentException gone) {
                // /proc/<pid>/net goes with the process (a zombie has no namespace left to show).
                if (namespace == null) {
                    throw gone;
                }
                // From now on read the namespace itself: the pid may be reused by another process.
                agentGone.add(side);
            }
        }
        return readNamespace(namespace);
    }

    /** One namespace's counters, seen through process {@code pid}. */
    public static CounterValues readPid(long pid) throws IOException {
        return KernelCounters.read(Path.of("/proc", Long.toString(pid), "net"));
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
