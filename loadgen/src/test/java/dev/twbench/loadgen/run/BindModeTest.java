package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.PortRange;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import dev.twbench.loadgen.scenario.Transport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * How the client's way of getting a port decides how and where ports run out (docs/kernel-facts.md,
 * "Binding and errors"). Each run offers 500 new connections per second against 100 ports: what
 * is asserted is what the kernel fixes (how many connections the ports serve, which errno comes
 * next), and each load is long enough to use the ports up even if the client manages only 100
 * connections per second, as a client slowed down by a busy machine may.
 */
@ResourceLock(LoadLock.CPU)
class BindModeTest {
    private static final int PORTS = 100;
    private static final String HUNDRED_PORTS = "net.ipv4.ip_local_port_range=40000 40099";

    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private Summary run(long durationMs, ClientBind bind, int addresses, List<String> bothSides,
            List<String> clientSide) throws Exception {
        return run(Scenario.builder().durationMs(durationMs).clientBind(bind).clientAddresses(addresses)
                .sysctls(SysctlOverrides.parse(bothSides, clientSide, List.of())));
    }

    private Summary run(Scenario.Builder scenario) throws Exception {
        // No warm-up: what is asserted is counted (ports, errno), and 500/s for 1.5 s is due 7.5 times
        // the 100 ports, so a client slowed to a fraction of its rate still uses them up.
        return RunController.execute(scenario.rate(Rate.perSecond(500)).drain(false).warmupMs(0).outDir(out)
                .build(), RunListener.SILENT).summary();
    }

    @Test
    void bindingPortZeroRunsOutAtBindWithEaddrinuse() throws Exception {
        Summary s = run(1_500, ClientBind.parse("port0"), 1, List.of(), List.of(HUNDRED_PORTS));
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRINUSE", s);
    }

    @Test
    void fourSourceAddressesServeFourTimesTheConnections() throws Exception {
        Summary s = run(3_000, ClientBind.parse("no-port"), 4, List.of(), List.of(HUNDRED_PORTS));
        PortExhaustion.assertRanOutAfter(4 * PORTS, "EADDRNOTAVAIL", s);
    }

    @Test
    void ownRangeTakesOverTimeWaitWhileTimestampsAreOn() throws Exception {
        // At most 16 in flight: a port busy with a connection cannot be taken, and a client slowed
        // down by a busy machine may have up to --max-in-flight open, more than the 100 ports.
        Summary s = run(Scenario.builder().durationMs(2_000).clientBind(ClientBind.parse("range:40000-40099"))
                .maxInFlight(16));
        assertEquals(0, s.failed(), s.failures().toString());
        Summary.SideTimeWait client = s.timeWait().get("client");
        assertTrue(s.completed() > PORTS, "more connections than ports: " + s.completed());
        assertEquals(PORTS, client.peak(), "one TIME_WAIT per port of the range");
        assertEquals(s.completed(), client.entered(), "every connection entered TIME_WAIT");
        // None expired in a load this short: the connections beyond the ports took over the
        // TIME_WAIT of theirs (TWRecycled), or took a port whose TIME_WAIT an RST had ended.
        assertTrue(client.recycled() > 0 && client.recycled() <= client.leftBeforeExpiry(),
                "TWRecycled " + client.recycled() + ", left before expiry " + client.leftBeforeExpiry());
    }

    @Test
    void ownRangeFailsWithEaddrnotavailWithoutTimestampsAndCountsItsRetries() throws Exception {
        Summary s = run(1_500, ClientBind.parse("range:40000-40099"), 1, List.of("net.ipv4.tcp_timestamps=0"),
                List.of());
        // Each port serves exactly one connection: then its TIME_WAIT cannot be taken over.
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRNOTAVAIL", s);
        assertTrue(s.firstFailureSecond() >= 0.19, "not before 100 / 500 s: " + s.firstFailureSecond());
        assertTrue(s.bindRetries() > s.failed(), "each failure walked the range first: " + s.bindRetries() + " retries");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"DIRECT", "EPOLL", "IO_URING"})
    void perSocketPortRangeNarrowsTheEphemeralRange(Transport transport) throws Exception {
        Summary s = run(Scenario.builder().durationMs(1_500).transport(transport)
                .clientPortRange(new PortRange(40000, 40000 + PORTS - 1)));
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRNOTAVAIL", s);
    }
}
