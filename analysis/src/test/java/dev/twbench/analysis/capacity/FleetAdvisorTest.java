package dev.twbench.analysis.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.CloseOrder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hosts needed under each of {@link PlanAdvisor}'s changes. */
class FleetAdvisorTest {
    private static final CapacityInputs DEFAULTS_5000 = CapacityInputs.builder().twReuse(0).rateCps(5000.0).build();

    private static Map<String, Long> hostsByChange(List<FleetAdvisor.Alternative> alternatives) {
        return alternatives.stream().collect(Collectors.toMap(a -> a.change().change().split(" \\(")[0],
                a -> a.plan().hostsNeeded()));
    }

    @Test
    void defaultPortsAtFiveThousandNeedElevenHostsOrOneWithReuseAndFiveWithTheWidestRange() {
        assertEquals(11, FleetAdvisor.hostsNeeded(DEFAULTS_5000), "ceil(5,000 / (28,232 / 60 s))");
        Map<String, Long> hosts = hostsByChange(FleetAdvisor.alternatives(DEFAULTS_5000, 0, null));
        assertEquals(1, hosts.get("set net.ipv4.tcp_tw_reuse=1 on the client"), hosts.toString());
        assertEquals(5, hosts.get("widen net.ipv4.ip_local_port_range to 1024 65535"), "ceil(5,000 / (64,512 / 60 s))");
        assertEquals(1, hosts.get("use 11 client source addresses"), hosts.toString());
        assertEquals(1, hosts.get("spread over 11 server ports"), hosts.toString());
        assertEquals(1, hosts.get("let the server close first"), hosts.toString());
    }

    @Test
    void withoutAHostCountEachAlternativeIsPlannedAtTheHostsItNeeds() {
        for (FleetAdvisor.Alternative a : FleetAdvisor.alternatives(DEFAULTS_5000, 0, null)) {
            assertEquals(a.plan().hostsNeeded(), a.plan().clientHosts(), a.change().change());
        }
        for (FleetAdvisor.Alternative a : FleetAdvisor.alternatives(DEFAULTS_5000, 3, null)) {
            assertEquals(3, a.plan().clientHosts(), a.change().change());
        }
    }

    @Test
    void lettingTheServerCloseFirstMovesTheBindingLimitToTheServersTimeWaitBuckets() {
        FleetAdvisor.Alternative serverFirst = FleetAdvisor.alternatives(DEFAULTS_5000, 22, null).stream()
                .filter(a -> a.change().inputs().closeOrder() == CloseOrder.SERVER_FIRST).findFirst().orElseThrow();
        assertTrue(serverFirst.plan().server().holdsTimeWait());
        assertEquals(300_000, serverFirst.plan().server().timeWaitSockets(), "5,000 x 60 s over 22 hosts (their 14,116 4-tuples each do not come back within 60 s)");
        assertTrue(serverFirst.plan().server().overflows(), "above tcp_max_tw_buckets (131,072)");
    }

    @Test
    void aSustainableRateHasNoAlternatives() {
        assertTrue(FleetAdvisor.alternatives(DEFAULTS_5000.withRate(100.0), 0, null).isEmpty());
    }

    @Test
    void noUsablePortMeansNoNumberOfHosts() {
        assertEquals(0, FleetAdvisor.hostsNeeded(DEFAULTS_5000.toBuilder().ephemeralPorts(0).build()));
    }
}
