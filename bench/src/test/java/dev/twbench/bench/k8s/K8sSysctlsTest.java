package dev.twbench.bench.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pod's sysctls: only namespaced ones, with run's value rules, and the unsafe ones told apart. */
class K8sSysctlsTest {

    @Test
    void aSidesOwnSettingWinsOverTheOneForBothAsInRun() {
        PodSysctls s = PodSysctls.parse(List.of("net.ipv4.tcp_tw_reuse=0", "net.ipv4.tcp_fin_timeout=5"),
                List.of("tcp_tw_reuse=1"), List.of("net.ipv4.ip_local_port_range=40000-44999"));
        assertEquals(Map.of("net.ipv4.tcp_tw_reuse", "1", "net.ipv4.tcp_fin_timeout", "5"), s.client());
        assertEquals(Map.of("net.ipv4.tcp_tw_reuse", "0", "net.ipv4.tcp_fin_timeout", "5",
                "net.ipv4.ip_local_port_range", "40000 44999"), s.server(), "in the kernel's spelling");
    }

    @Test
    void theIpcNamespacesSysctlsAreAcceptedAsWholeNumbers() {
        PodSysctls s = PodSysctls.parse(List.of(), List.of("kernel.shm_rmid_forced=1", "kernel.msgmax=65536"),
                List.of("kernel.sem=250  32000 32 128", "kernel.shmmax=68719476736"));
        assertEquals(Map.of("kernel.shm_rmid_forced", "1", "kernel.msgmax", "65536"), s.client());
        assertEquals(Map.of("kernel.sem", "250 32000 32 128", "kernel.shmmax", "68719476736"), s.server());
    }

    @Test
    void onlyTheSysctlsOutsideKubernetesSafeSetAreUnsafe() {
        PodSysctls s = PodSysctls.parse(List.of("net.ipv4.tcp_timestamps=1"),
                List.of("net.ipv4.ip_local_port_range=40000 44999", "net.ipv4.tcp_tw_reuse=1", "kernel.shm_rmid_forced=1"),
                List.of("net.ipv4.tcp_fin_timeout=5", "net.ipv4.ip_local_reserved_ports=40000-40099", "kernel.msgmax=1"));
        assertEquals(List.of("kernel.msgmax", "net.ipv4.tcp_timestamps", "net.ipv4.tcp_tw_reuse"), List.copyOf(s.unsafe()));
        assertTrue(PodSysctls.none().unsafe().isEmpty());
    }

    @Test
    void aSysctlNoPodCanSetIsBadInputNamingItAndWhatIsAllowed() {
        for (String setting : List.of("kernel.pid_max=1", "vm.swappiness=10", "fs.file-max=100", "net.core.somaxconn=1",
                "kernel.semmni=1", "kernel.shm_rmid_forced=yes", "net.ipv4.tcp_tw_reuse=3", "net.ipv4.tcp_tw_reuse")) {
            InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                    () -> PodSysctls.parse(List.of(), List.of(), List.of(setting)), setting);
            assertTrue(e.getMessage().startsWith("invalid --server-sysctl '" + setting + "'"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}
