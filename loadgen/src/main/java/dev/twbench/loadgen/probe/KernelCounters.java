package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.Source;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The schema's kernel counters of one network namespace: every {@link Source#SOCKSTAT} and
 * {@link Source#TCP_EXT} counter, looked up by its kernel name. A counter this kernel does not
 * have is left without a value, never read as zero.
 *
 * <pre>{@code
 * CounterValues kernel = KernelCounters.read(Path.of("/proc", pid, "net"));
 * long entered = kernel.getOrZero(Counters.TW_ENTERED);
 * }</pre>
 */
public final class KernelCounters {
    private static final List<String> SOCKSTAT_NAMES = kernelNames(Source.SOCKSTAT);
    private static final List<String> TCP_EXT_NAMES = kernelNames(Source.TCP_EXT);
    private static final List<String> TCP_NAMES = kernelNames(Source.TCP);

    private KernelCounters() {
    }

    /**
     * Reads {@code netstat}, then {@code sockstat}, in {@code netDir} ({@code /proc/net},
     * {@code /proc/<pid>/net}).
     *
     * <p>The order matters: "entered (TcpExt TW) minus the level's rise (sockstat tw)" is how many
     * sockets have left TIME_WAIT. The kernel counts an entry and raises the level in one step of
     * the softirq that handles it, so a level read after the count holds every entry counted but
     * the one each CPU may be in the middle of; read the other way round, each socket entering
     * between the two reads would look as if it had already left (at 8,000 connections per second
     * one reading showed 150, and a drain measured TIME_WAIT as 0.6 s; KernelCountersReadOrderTest).
     */
    public static CounterValues read(Path netDir) throws IOException {
        String netstat = ProcFiles.read(netDir.resolve("netstat"));
        String sockstat = ProcFiles.read(netDir.resolve("sockstat"));
        String snmp = ProcFiles.read(netDir.resolve("snmp"));
        return parse(sockstat, netstat, snmp);
    }

    /** From the texts of /proc/net/sockstat and /proc/net/netstat (one text may hold both); no Tcp counts. */
    public static CounterValues parse(String sockstat, String netstat) {
        return parse(sockstat, netstat, null);
    }

    /** From the texts of /proc/net/sockstat, netstat and snmp (one text may hold them all; snmp may be null). */
    public static CounterValues parse(String sockstat, String netstat, String snmp) {
        CounterValues.Builder values = CounterValues.builder();
        fill(values, Source.SOCKSTAT, Sockstat.tcpFields(sockstat, SOCKSTAT_NAMES));
        fill(values, Source.TCP_EXT, TcpExt.parse(netstat, TCP_EXT_NAMES));
        if (snmp != null) {
            Map<String, Long> tcp = ProcText.headerAndValues(snmp, "Tcp:", TCP_NAMES);
            if (tcp != null) {
                fill(values, Source.TCP, tcp);
            }
        }
        return values.build();
    }

    private static List<String> kernelNames(Source source) {
        return Counters.from(source).stream().map(Counter::sourceName).toList();
    }

    private static void fill(CounterValues.Builder values, Source source, Map<String, Long> byKernelName) {
        for (Counter c : Counters.from(source)) {
            Long v = byKernelName.get(c.sourceName());
            if (v != null) {
                values.set(c, v);
            }
        }
    }
}
