package dev.twbench.loadgen.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioValidationTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        Scenario s = Scenario.builder().build();
        assertEquals(CloseOrder.CLIENT_FIRST, s.closeOrder());
        assertEquals(1000, s.rate().perSecond());
        assertEquals(30_000, s.durationMs());
        assertEquals(100, s.intervalMs());
        assertTrue(s.drain());
        assertEquals(LabKind.NETNS, s.lab());
        assertEquals(7000, s.serverPort());
        assertEquals(Path.of("results"), s.outDir());
    }

    @Test
    void hostLabLetsTheKernelPickThePortAndRefusesSysctls() {
        assertEquals(0, Scenario.builder().lab(LabKind.HOST).build().serverPort());
        SysctlOverrides reuse = SysctlOverrides.parse(List.of(), List.of("net.ipv4.tcp_tw_reuse=1"), List.of());
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> Scenario.builder().lab(LabKind.HOST).sysctls(reuse).build());
        assertTrue(e.getMessage().contains("never changes sysctls"), e.getMessage());
    }

    @Test
    void rateIsPositiveWholeNumberOrMax() {
        assertTrue(Rate.parse("max").isClosedLoop());
        assertEquals(2000, Rate.parse("2000").perSecond());
        for (String bad : List.of("-5", "0", "1.5", "fast", "", "2000000")) {
            InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> Rate.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid --rate '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("'max'"), "says what is allowed: " + e.getMessage());
        }
    }

    @Test
    void durationsNeedAUnitAndARange() {
        assertEquals(10_000, Durations.parseMs("--duration", "10s", 1, 60_000));
        assertEquals(250, Durations.parseMs("--duration", "250ms", 1, 60_000));
        assertEquals(90_000, Durations.parseMs("--duration", "1.5m", 1, 3_600_000));
        assertEquals(7_200_000, Durations.parseMs("--duration", "2h", 1, Scenario.MAX_DURATION_MS));
        for (String bad : List.of("0", "0s", "10", "10 s", "-1s", "ten", "25h")) {
            InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                    () -> Durations.parseMs("--duration", bad, 1, Scenario.MAX_DURATION_MS), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void closeOrderNamesAreTheVocabulary() {
        assertEquals(CloseOrder.SERVER_FIRST, CloseOrder.parse("server-first"));
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> CloseOrder.parse("sideways"));
        assertEquals("invalid --close 'sideways': must be one of client-first, server-first, simultaneous, client-rst,"
                + " server-rst, half-close, server-idle", e.getMessage());
    }

    @Test
    void clientFirstMeansClientClosesAfterExchangeAndServerOnEof() {
        assertEquals(CloseStep.CLOSE_AFTER_EXCHANGE, CloseOrder.CLIENT_FIRST.step(Side.CLIENT));
        assertEquals(CloseStep.CLOSE_ON_PEER_EOF, CloseOrder.CLIENT_FIRST.step(Side.SERVER));
        assertEquals(CloseStep.CLOSE_ON_PEER_EOF, CloseOrder.SERVER_FIRST.step(Side.CLIENT));
        assertEquals(CloseStep.CLOSE_AFTER_EXCHANGE, CloseOrder.SERVER_FIRST.step(Side.SERVER));
    }

    @Test
    void outOfRangeNumbersNameTheFlag() {
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder().maxInFlight(0).build());
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder().intervalMs(5).build());
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder().name("a/b").build());
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> Scenario.builder().responseBytes(0).build());
        assertTrue(e.getMessage().startsWith("invalid --response-bytes '0'"), e.getMessage());
    }

    @Test
    void sideSysctlsOverrideBothSidesSetting() {
        SysctlOverrides o = SysctlOverrides.parse(List.of("net.ipv4.tcp_tw_reuse=0", "tcp_timestamps=0"),
                List.of("net.ipv4.tcp_tw_reuse=1"), List.of());
        assertEquals(Map.of(NamespaceSysctl.TCP_TW_REUSE, "1", NamespaceSysctl.TCP_TIMESTAMPS, "0"), o.client());
        assertEquals(Map.of(NamespaceSysctl.TCP_TW_REUSE, "0", NamespaceSysctl.TCP_TIMESTAMPS, "0"), o.server());
    }

    @Test
    void optionsATransportCannotSetAreRefusedNamingTheTransportsThatCan() {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> Scenario.builder()
                .transport(Transport.NIO).clientBind(ClientBind.parse("no-port")).build());
        assertEquals("invalid --client-bind 'no-port': needs IP_BIND_ADDRESS_NO_PORT, which --transport nio cannot"
                + " set; use --transport direct or epoll or io_uring", e.getMessage());
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder().transport(Transport.NIO)
                .clientPortRange(new PortRange(40000, 40999)).build());
        Scenario.builder().transport(Transport.NIO).serverReusePort(2).build();
        Scenario.builder().transport(Transport.IO_URING).clientBind(ClientBind.parse("no-port")).build();
    }

    @Test
    void severalSourceAddressesNeedABindingMode() {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> Scenario.builder().clientAddresses(4).build());
        assertTrue(e.getMessage().startsWith("invalid --client-addresses '4': needs a --client-bind"), e.getMessage());
        Scenario.builder().clientAddresses(4).clientBind(ClientBind.parse("port0")).build();
    }

    @Test
    void idleTimeoutLeavesTheAttemptTimeoutRoomOnlyWhereItApplies() {
        // The client's deadline (--timeout, 5 s by default) covers the whole connection, idle time included.
        Scenario.Builder idle = Scenario.builder().closeOrder(CloseOrder.SERVER_IDLE);
        assertThrows(InvalidScenarioException.class, () -> idle.idleTimeoutMs(5_000).build());
        idle.idleTimeoutMs(4_999).build();
        // Other close orders never idle: a short --timeout is fine whatever the idle default is.
        Scenario.builder().timeoutMs(50).build();
    }

    @Test
    void serverResetsOnlyWithResponsesThatAreAllOnTheWireFirst() {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> Scenario.builder()
                .closeOrder(CloseOrder.SERVER_RST).responseBytes(8193).build());
        assertTrue(e.getMessage().startsWith("invalid --response-bytes '8193': must be at most 8192"), e.getMessage());
        Scenario.builder().closeOrder(CloseOrder.SERVER_RST).responseBytes(8192).build();
        Scenario.builder().closeOrder(CloseOrder.CLIENT_RST).responseBytes(1 << 20).build();
    }

    @Test
    void perSocketPortRangeMeansNothingWhenTwbenchPicksThePorts() {
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder()
                .clientBind(ClientBind.parse("range:40000-40999")).clientPortRange(new PortRange(40000, 40999)).build());
    }

    @Test
    void bindModesAndPortRangesParse() {
        assertEquals(ClientBind.Mode.RANGE, ClientBind.parse("range:40000-40999").mode());
        assertEquals(1000, ClientBind.parse("range:40000-40999").rangeSize());
        assertEquals("range:40000-40999", ClientBind.parse("range:40000-40999").toString());
        for (String bad : List.of("range:5-1", "range:0-10", "range:1-70000", "ports", "range:")) {
            assertThrows(InvalidScenarioException.class, () -> ClientBind.parse(bad), bad);
        }
        assertEquals(new PortRange(40000, 40999), PortRange.parse("--client-port-range", "40000-40999"));
        assertThrows(InvalidScenarioException.class, () -> PortRange.parse("--client-port-range", "2-1"));
    }

    @Test
    void severalServerPortsNeedAFixedFirstPortThatLeavesRoom() {
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder().lab(LabKind.HOST).serverPorts(2).build());
        assertThrows(InvalidScenarioException.class, () -> Scenario.builder().serverPort(65535).serverPorts(2).build());
        Scenario.builder().serverPort(65534).serverPorts(2).build();
    }
}
