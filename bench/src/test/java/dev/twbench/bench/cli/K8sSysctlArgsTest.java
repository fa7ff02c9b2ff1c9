package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** k8s takes run's sysctl flags out of the run options as run's parser would read them, and nothing else. */
class K8sSysctlArgsTest {

    @Test
    void theSysctlFlagsComeOutInBothSpellingsAndEverythingElseStaysInOrder() {
        SysctlArgs s = SysctlArgs.split(List.of("--rate", "300", "--sysctl", "net.ipv4.tcp_timestamps=1",
                "--client-sysctl=net.ipv4.tcp_tw_reuse=1", "--no-drain", "--server-sysctl", "tcp_max_tw_buckets=10",
                "--client-sysctl", "net.ipv4.ip_local_port_range=40000 40999", "--close=server-first"));
        assertEquals(List.of("--rate", "300", "--no-drain", "--close=server-first"), s.others());
        assertEquals(List.of("net.ipv4.tcp_timestamps=1"), s.both());
        assertEquals(List.of("net.ipv4.tcp_tw_reuse=1", "net.ipv4.ip_local_port_range=40000 40999"), s.client());
        assertEquals(List.of("tcp_max_tw_buckets=10"), s.server());
    }

    @Test
    void anotherOptionsValueIsNeverTakenForASysctlFlag() {
        SysctlArgs s = SysctlArgs.split(List.of("--server-cmd", "--sysctl", "--client-cmd", "--client-sysctl"));
        assertEquals(List.of("--server-cmd", "--sysctl", "--client-cmd", "--client-sysctl"), s.others());
        assertEquals(List.of(), s.both());
        assertEquals(List.of(), s.client());
    }

    @Test
    void aSysctlFlagWithoutItsValueIsLeftForRunsParserToRefuse() {
        SysctlArgs s = SysctlArgs.split(List.of("--rate", "5", "--client-sysctl"));
        assertEquals(List.of("--rate", "5", "--client-sysctl"), s.others());
    }
}
