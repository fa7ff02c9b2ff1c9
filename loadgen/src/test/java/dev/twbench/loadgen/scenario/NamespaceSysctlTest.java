package dev.twbench.loadgen.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceSysctlTest {

    @Test
    void everyKeyExistsOnThisKernel() {
        for (NamespaceSysctl s : NamespaceSysctl.values()) {
            assertTrue(Files.exists(s.procPath()), s.key() + " should exist on Linux 6.14+ at " + s.procPath());
        }
    }

    @Test
    void portRangeAcceptsSpaceOrDashAndWritesTheKernelsSpelling() {
        assertEquals("40000 40999", NamespaceSysctl.IP_LOCAL_PORT_RANGE.normalise("--sysctl", "40000 40999"));
        assertEquals("40000 40999", NamespaceSysctl.IP_LOCAL_PORT_RANGE.normalise("--sysctl", "40000-40999"));
        assertEquals("40000 40999", NamespaceSysctl.IP_LOCAL_PORT_RANGE.normalise("--sysctl", " 40000\t40999 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"40999 40000", "0 100", "40000 70000", "40000", "a b", "1 2 3"})
    void invertedOrOutOfRangePortRangesAreRefused(String value) {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> NamespaceSysctl.IP_LOCAL_PORT_RANGE.normalise("--client-sysctl", value));
        assertTrue(e.getMessage().startsWith("invalid --client-sysctl 'net.ipv4.ip_local_port_range=" + value + "'"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"70000", "5-1", "40000,", "x"})
    void reservedPortsMustBePortsWithinRange(String value) {
        assertThrows(InvalidScenarioException.class,
                () -> NamespaceSysctl.IP_LOCAL_RESERVED_PORTS.normalise("--sysctl", value));
    }

    @Test
    void reservedPortsMayBeEmptyOrAList() {
        assertEquals("", NamespaceSysctl.IP_LOCAL_RESERVED_PORTS.normalise("--sysctl", ""));
        assertEquals("40000-40099,50000", NamespaceSysctl.IP_LOCAL_RESERVED_PORTS.normalise("--sysctl", "40000-40099,50000"));
    }

    @Test
    void twReuseIsZeroOneOrTwo() {
        assertEquals("1", NamespaceSysctl.TCP_TW_REUSE.normalise("--sysctl", "1"));
        for (String bad : List.of("3", "-1", "on", "")) {
            assertThrows(InvalidScenarioException.class, () -> NamespaceSysctl.TCP_TW_REUSE.normalise("--sysctl", bad));
        }
    }

    @Test
    void unknownAndGlobalKeysAreRefusedWithTheAllowedList() {
        for (String setting : List.of("bogus=1", "net.ipv4.tcp_max_orphans=10", "net.core.somaxconn=10")) {
            InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                    () -> SysctlOverrides.parseOne("--client-sysctl", setting));
            assertTrue(e.getMessage().startsWith("invalid --client-sysctl '" + setting + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("net.ipv4.tcp_tw_reuse"), "lists what is allowed: " + e.getMessage());
        }
    }

    @Test
    void settingWithoutEqualsSignIsRefused() {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> SysctlOverrides.parseOne("--sysctl", "net.ipv4.tcp_tw_reuse"));
        assertTrue(e.getMessage().contains("KEY=VALUE"), e.getMessage());
    }
}
