package dev.twbench.analysis.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.CloseOrder;
import org.junit.jupiter.api.Test;

/** A NAT between a fleet and its destination: shared by the fleet, or one pool per host. */
class FleetNatTest {
    @Test
    void aNatTheFleetSharesBoundsItsTotalWhateverTheHostCount() {
        NatPool nat = NatPool.generic(1000, 1, 100);   // 1,000 mappings / 100 s = 10 new connections/s
        CapacityInputs in = CapacityInputs.builder().closeOrder(CloseOrder.SERVER_FIRST).rateCps(50.0).build();
        for (int hosts : new int[] {1, 5, 50, 500}) {
            FleetNat fleet = FleetPlan.of(in, hosts, nat).nat();
            assertFalse(fleet.perHost());
            assertEquals(50, fleet.rateCps(), 1e-9, "the NAT sees the fleet's total");
            assertEquals(10, fleet.prediction().sustainableCps(), 1e-9);
            assertEquals(20, fleet.prediction().runsOutSeconds(), 1e-9, "1,000 / 50");
            assertNull(fleet.hostsNeeded(), "no host count helps");
            assertEquals(PlanAdvisor.Verdict.NOT_ENOUGH, FleetPlan.of(in, hosts, nat).verdict());
        }
    }

    @Test
    void aNatWithPortsPerVmGivesEveryHostItsOwnPoolSoHostsHelp() {
        NatPool gcp = NatPresets.GCP_CLOUD_NAT.pool(1, 50);   // 64 ports per VM, held 120 s
        CapacityInputs in = CapacityInputs.builder().rateCps(10.0).build();
        FleetPlan four = FleetPlan.of(in, 4, gcp);
        assertTrue(four.nat().perHost());
        assertEquals(2.5, four.nat().rateCps(), 1e-9);
        assertEquals(19, four.nat().hostsNeeded(), "ceil(10 / (64 / 120 s))");
        assertFalse(four.nat().lasts());
        FleetPlan needed = FleetPlan.needed(in, gcp);
        assertEquals(19, needed.clientHosts(), "the NAT, not the ports, sets the count");
        assertTrue(needed.nat().lasts());
        assertFalse(FleetPlan.of(in, 18, gcp).nat().lasts());
    }

    @Test
    void behindALinuxNatTheServerSeesOnlyTheNatsMappings() {
        CapacityInputs in = CapacityInputs.builder().closeOrder(CloseOrder.SERVER_FIRST).rateCps(100.0).build();
        FleetPlan oneAddress = FleetPlan.of(in, 5, NatPool.linux(1000, 1));
        assertEquals(1000, oneAddress.server().timeWaitSockets(), "1,000 mappings, not 100 x 60 s");
        assertEquals("the NAT's mappings", oneAddress.server().limit());
        FleetPlan fourAddresses = FleetPlan.of(in, 5, NatPool.linux(1000, 4));
        assertEquals(4000, fourAddresses.server().timeWaitSockets(), "5 hosts' addresses use all 4 NAT addresses");
        assertEquals(4000, fourAddresses.nat().prediction().pool());
        assertTrue(fourAddresses.nat().lasts(), "Linux takes over ports in TIME_WAIT: churn does not run it out");
    }
}
