package dev.twbench.analysis.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One server destination, N alike client hosts sharing the rate: the arithmetic of {@link FleetPlan}. */
class FleetPlanTest {
    /** The worked example's hosts: ip_local_port_range="40000 40999", tcp_tw_reuse=0, client-first. */
    private static final CapacityInputs THOUSAND_PORTS = CapacityInputs.builder()
            .sysctls(Map.of(NamespaceSysctl.IP_LOCAL_PORT_RANGE, "40000 40999", NamespaceSysctl.TCP_TW_REUSE, "0"),
                    Map.of(), null)
            .closeOrder(CloseOrder.CLIENT_FIRST).rateCps(450.0).build();
    private static final double DEFAULT_OVERFLOW_CPS = 131_072 / 60.0;

    @Test
    void threeHostsWithAThousandPortsEachRunOutAfterSixPointSevenSeconds() {
        FleetPlan fleet = FleetPlan.of(THOUSAND_PORTS, 3);
        assertEquals(150, fleet.perHost().rateCps(), 1e-9, "450 / 3");
        assertEquals(1000 / 150.0, fleet.perHost().runsOutSeconds(), 1e-9, "1,000 ports / 150 per second");
        assertEquals(6.67, fleet.perHost().runsOutSeconds(), 0.005);
        assertEquals(PlanAdvisor.Verdict.NOT_ENOUGH, fleet.verdict());
        assertTrue(fleet.reasoning().contains("At 150/s each host's ports run out after 1,000 / 150 = 6.67 s, the"
                + " earliest they can (each host keeping its schedule)."), fleet.reasoning().toString());
    }

    @Test
    void aThousandPortsKeepUpWithSixteenPointSixSevenPerSecondSoFourHundredFiftyNeedTwentySevenHosts() {
        assertEquals(1000 / 60.0, FleetAdvisor.sustainableCps(THOUSAND_PORTS), 1e-9);
        assertEquals(27, FleetPlan.of(THOUSAND_PORTS, 3).hostsNeeded(), "ceil(450 / 16.67), exactly 27");
        assertEquals(PlanAdvisor.Verdict.ENOUGH, FleetPlan.of(THOUSAND_PORTS, 27).verdict());
        assertEquals(PlanAdvisor.Verdict.NOT_ENOUGH, FleetPlan.of(THOUSAND_PORTS, 26).verdict());
        assertNull(FleetPlan.of(THOUSAND_PORTS, 27).perHost().runsOutSeconds(), "16.67/s each: the ports last");
        assertEquals(27, FleetPlan.needed(THOUSAND_PORTS, null).clientHosts());
    }

    @Test
    void withTcpTwReuseAPortComesBackAfterTheReuseDelaySoOneHostCarriesFourHundredFifty() {
        FleetPlan fleet = FleetPlan.of(THOUSAND_PORTS.toBuilder().twReuse(1).build(), 3);
        assertEquals(1000, fleet.perHost().sustainableCps(), 1e-9, "1,000 4-tuples / 1 s");
        assertEquals(1, fleet.perHost().portCycleSeconds(), 1e-9, "tcp_tw_reuse_delay, not 60 s");
        assertEquals(1, fleet.hostsNeeded());
        assertEquals(60, FleetPlan.of(THOUSAND_PORTS, 3).perHost().portCycleSeconds(), 1e-9);
    }

    @Test
    void hostsNeededIsTheFewestTheModelSaysKeepUp() {
        for (double rate : new double[] {1, 16, 17, 100, 449, 451, 1000, 12_345, 1_000_000}) {
            CapacityInputs in = THOUSAND_PORTS.withRate(rate);
            long n = FleetAdvisor.hostsNeeded(in);
            assertTrue(FleetAdvisor.portsKeepUp(in.withRate(rate / n)), rate + "/s on " + n + " hosts");
            assertTrue(n == 1 || !FleetAdvisor.portsKeepUp(in.withRate(rate / (n - 1))), rate + "/s on " + (n - 1));
        }
    }

    @Test
    void oneHostCarryingAllOfASustainableRateNeedsNoOtherHost() {
        FleetPlan fleet = FleetPlan.of(THOUSAND_PORTS.withRate(10.0), 1);
        assertEquals(1, fleet.hostsNeeded());
        assertEquals(PlanAdvisor.Verdict.ENOUGH, fleet.verdict());
    }

    /**
     * Server-first: the server holds the fleet's rate x 60 s, and above tcp_max_tw_buckets / 60 s
     * it overflows. Few hosts cap the level by coming back to their 4-tuples within 60 s (the
     * model's source-port cycle); more hosts only raise it, so no host count lifts the limit.
     */
    @Test
    void serverFirstBindsOnServerTimeWaitBucketsWhateverTheHostCount() {
        CapacityInputs in = CapacityInputs.builder().closeOrder(CloseOrder.SERVER_FIRST).rateCps(3000.0).build();
        long previous = 0;
        for (int hosts = 1; hosts <= 64; hosts++) {
            FleetPlan fleet = FleetPlan.of(in, hosts);
            assertEquals(1, fleet.hostsNeeded(), "the client's ports do not limit a server-first rate");
            assertEquals(DEFAULT_OVERFLOW_CPS, fleet.server().overflowAboveCps(), 1e-9, "131,072 / 60 s");
            assertTrue(fleet.server().timeWaitSockets() >= previous, "more hosts never lower it: " + hosts);
            previous = fleet.server().timeWaitSockets();
            if (hosts * 14_116L >= 180_000) {
                assertEquals(180_000, fleet.server().timeWaitSockets(), "3,000 x 60 s on " + hosts + " hosts");
                assertTrue(fleet.server().overflows());
                assertEquals(PlanAdvisor.Verdict.ENOUGH_BY_OVERFLOW, fleet.verdict());
            }
        }
        FleetPlan below = FleetPlan.of(in.withRate(2000.0), 64);
        assertEquals(120_000, below.server().timeWaitSockets());
        assertFalse(below.server().overflows(), "2,000/s is below 2,185/s");
    }

    @Test
    void fewServerFirstHostsCapTheServersTimeWaitAtTheirSourcePortCycles() {
        CapacityInputs in = CapacityInputs.builder().closeOrder(CloseOrder.SERVER_FIRST).rateCps(3000.0).build();
        FleetPlan two = FleetPlan.of(in, 2);
        assertEquals(2 * 14_116, two.server().timeWaitSockets(), "half of 28,232 ports per host");
        assertEquals("2 x each host's source-port cycle", two.server().limit());
    }

    @Test
    void clientFirstLeavesTheServerWithoutTimeWaitAtAnyRate() {
        FleetPlan fleet = FleetPlan.of(THOUSAND_PORTS.withRate(1_000_000.0), 100);
        assertFalse(fleet.server().holdsTimeWait());
        assertEquals(0, fleet.server().timeWaitSockets());
        assertFalse(fleet.server().overflows());
    }

    @Test
    void eachHostsTimeWaitBucketsAreMeasuredAgainstItsShare() {
        CapacityInputs in = CapacityInputs.builder().clientMaxTwBuckets(5000).twReuse(0).rateCps(300.0).build();
        FleetPlan two = FleetPlan.of(in, 2);
        assertEquals(9000, two.perHost().clientTimeWait().sockets(), "150/s x 60 s");
        assertTrue(two.perHost().clientOverflows());
        assertEquals(PlanAdvisor.Verdict.ENOUGH_BY_OVERFLOW, two.verdict());
        FleetPlan four = FleetPlan.of(in, 4);
        assertEquals(4500, four.perHost().clientTimeWait().sockets(), "75/s x 60 s");
        assertEquals(PlanAdvisor.Verdict.ENOUGH, four.verdict());
    }

    @Test
    void aFleetPlanNeedsARateAndAHost() {
        assertThrows(IllegalArgumentException.class, () -> FleetPlan.of(THOUSAND_PORTS.withRate(null), 3));
        assertThrows(IllegalArgumentException.class, () -> FleetPlan.of(THOUSAND_PORTS, 0));
    }
}
