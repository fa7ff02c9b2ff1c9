package dev.twbench.loadgen.experiment.kit;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.lab.NamespaceSysctls;
import dev.twbench.loadgen.probe.KernelCounters;
import dev.twbench.loadgen.probe.ProcNetTcp;
import dev.twbench.loadgen.probe.TcpTable;
import dev.twbench.loadgen.probe.Sockstat;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the kernel says in this process's network namespace: TIME_WAIT by side, the TcpExt
 * counters, and the namespace's sysctls. All reads go through {@link ProcFiles} (a plain
 * Files.readString of /proc can come back truncated).
 */
public final class Kernel {
    private Kernel() {
    }

    /** TIME_WAIT sockets of loopback server port {@code serverPort}, by the side holding them. */
    public static ProcNetTcp.TimeWaitByPort timeWait(int serverPort) throws IOException {
        return ProcNetTcp.countTimeWait(TcpTable.IPV4, List.of(serverPort));
    }

    /** sockstat's {@code tw}: every TIME_WAIT socket of the namespace. */
    public static long timeWaitTotal() throws IOException {
        return Sockstat.parse(ProcFiles.read(Path.of("/proc/net/sockstat"))).timeWait();
    }

    /** The schema's kernel counters of this namespace (TcpExt and sockstat). */
    public static CounterValues counters() throws IOException {
        return KernelCounters.read(Path.of("/proc/net"));
    }

    /** Sets a sysctl of this (experiment's own) namespace; refused anywhere else. */
    public static void set(NamespaceSysctl sysctl, String value) {
        NamespaceSysctls.require(sysctl, value);
    }

    /** Takes the namespace's loopback down or up: packets to 127/8 are dropped while it is down. */
    public static void loopback(boolean up) {
        Exec.run(List.of("ip", "link", "set", "lo", up ? "up" : "down")).orThrow();
    }

    /** Polls until {@code condition} holds or {@code timeoutMs} passes; true if it held. */
    public static boolean await(IoCondition condition, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @FunctionalInterface
    public interface IoCondition {
        boolean holds() throws IOException;
    }
}
