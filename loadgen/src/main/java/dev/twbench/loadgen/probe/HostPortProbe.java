package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Both sides share the host's namespace: per-side TIME_WAIT comes from /proc/net/tcp filtered
 * by the server's ports, read at most every {@code tableEveryMs} because the walk is expensive
 * (between two walks the TIME_WAIT level has no value). The other kernel counters are the whole
 * host's, so both rows carry the same namespace-wide values.
 */
public final class HostPortProbe implements LabProbe {
    private static final Path NET = Path.of("/proc/net");

    private final List<Integer> serverPorts;
    private final long tableEveryNs;
    private long lastTableReadNs = Long.MIN_VALUE;

    public HostPortProbe(List<Integer> serverPorts, long tableEveryMs) {
        this.serverPorts = List.copyOf(serverPorts);
        this.tableEveryNs = tableEveryMs * 1_000_000;
    }

    @Override
    public Map<Side, CounterValues> read(boolean complete) throws IOException {
        CounterValues host = KernelCounters.read(NET).without(Counters.TIME_WAIT);
        Map<Side, CounterValues> readings = new EnumMap<>(Side.class);
        readings.put(Side.CLIENT, host);
        readings.put(Side.SERVER, host);
        long now = System.nanoTime();
        if (complete || lastTableReadNs == Long.MIN_VALUE || now - lastTableReadNs >= tableEveryNs) {
            lastTableReadNs = now;
            ProcNetTcp.TimeWaitByPort tw = ProcNetTcp.countTimeWait(TcpTable.IPV4, serverPorts);
            readings.put(Side.CLIENT, host.with(timeWait(tw.client())));
            readings.put(Side.SERVER, host.with(timeWait(tw.server())));
        }
        return readings;
    }

    private static CounterValues timeWait(long sockets) {
        return CounterValues.builder().set(Counters.TIME_WAIT, sockets).build();
    }
}
