package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.sys.ProcFiles;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Both sides share the host's namespace: per-side TIME_WAIT comes from /proc/net/tcp filtered
 * by the server's ports, read at most every {@code tableEveryMs} because the walk is expensive.
 * sockstat and TcpExt are the whole host's, so both rows carry the same namespace-wide values.
 */
public final class HostPortProbe implements LabProbe {
    private static final Path TCP_TABLE = Path.of("/proc/net/tcp");
    private static final Path SOCKSTAT = Path.of("/proc/net/sockstat");
    private static final Path NETSTAT = Path.of("/proc/net/netstat");

    private final List<Integer> serverPorts;
    private final long tableEveryNs;
    private long lastTableReadNs = Long.MIN_VALUE;

    public HostPortProbe(List<Integer> serverPorts, long tableEveryMs) {
        this.serverPorts = List.copyOf(serverPorts);
        this.tableEveryNs = tableEveryMs * 1_000_000;
    }

    @Override
    public Map<Side, ProbeReading> read(boolean complete) throws IOException {
        Sockstat sockstat = Sockstat.parse(ProcFiles.read(SOCKSTAT));
        TcpExt tcpExt = TcpExt.parse(ProcFiles.read(NETSTAT));
        OptionalLong client = OptionalLong.empty();
        OptionalLong server = OptionalLong.empty();
        long now = System.nanoTime();
        if (complete || lastTableReadNs == Long.MIN_VALUE || now - lastTableReadNs >= tableEveryNs) {
            lastTableReadNs = now;
            ProcNetTcp.TimeWaitByPort tw = ProcNetTcp.countTimeWait(ProcFiles.read(TCP_TABLE), serverPorts);
            client = OptionalLong.of(tw.client());
            server = OptionalLong.of(tw.server());
        }
        Map<Side, ProbeReading> readings = new EnumMap<>(Side.class);
        readings.put(Side.CLIENT, new ProbeReading(client, sockstat.inUse(), tcpExt));
        readings.put(Side.SERVER, new ProbeReading(server, sockstat.inUse(), tcpExt));
        return readings;
    }
}
