package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.sys.ProcFiles;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads each side through a process living in its namespace: {@code /proc/<pid>/net/sockstat}
 * and {@code /proc/<pid>/net/netstat} show that process's namespace and cost microseconds,
 * however many sockets there are.
 */
public final class NamespaceProbe implements LabProbe {
    private final Map<Side, Long> pidBySide;

    /** @param pidBySide a process inside each side's namespace (its agent) */
    public NamespaceProbe(Map<Side, Long> pidBySide) {
        this.pidBySide = Map.copyOf(pidBySide);
    }

    @Override
    public Map<Side, ProbeReading> read(boolean complete) throws IOException {
        Map<Side, ProbeReading> readings = new EnumMap<>(Side.class);
        for (Map.Entry<Side, Long> e : pidBySide.entrySet()) {
            readings.put(e.getKey(), readPid(e.getValue()));
        }
        return readings;
    }

    /** One namespace's counters, seen through process {@code pid}. */
    public static ProbeReading readPid(long pid) throws IOException {
        Path net = Path.of("/proc", Long.toString(pid), "net");
        Sockstat sockstat = Sockstat.parse(ProcFiles.read(net.resolve("sockstat")));
        TcpExt tcpExt = TcpExt.parse(ProcFiles.read(net.resolve("netstat")));
        return new ProbeReading(OptionalLong.of(sockstat.timeWait()), sockstat.inUse(), tcpExt);
    }
}
