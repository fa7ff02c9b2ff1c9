package dev.twbench.loadgen.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.remote.AgentEndpoint;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetSpecTest {
    private static final AgentEndpoint SERVER = new AgentEndpoint("10.0.0.5", 7070);

    @Test
    void equalSharesAddUpToTheRateTheLastClientTakingWhatRoundingLeft() {
        FleetSpec fleet = fleet(3, List.of());
        assertEquals(List.of(150L, 150L, 150L), shares(fleet, 450));
        assertEquals(List.of(333L, 333L, 334L), shares(fleet, 1_000));
    }

    @Test
    void weightsSplitTheRateInProportion() {
        assertEquals(List.of(100L, 100L, 200L), shares(fleet(3, List.of(1, 1, 2)), 400));
    }

    @Test
    void weightsMustBeOnePerClientAndPositive() {
        assertTrue(assertThrows(InvalidScenarioException.class, () -> fleet(3, List.of(1, 2))).getMessage()
                .contains("needs one weight per --client-agent (3)"));
        assertThrows(InvalidScenarioException.class, () -> fleet(2, List.of(1, 0)));
        assertThrows(InvalidScenarioException.class, () -> fleet(0, List.of()));
    }

    @Test
    void clientsAreNamedFromOneInOrder() {
        assertEquals("client-1", FleetSpec.clientName(0));
        assertEquals("client-12", FleetSpec.clientName(11));
    }

    private static List<Long> shares(FleetSpec fleet, long totalCps) {
        return IntStream.range(0, fleet.clients().size()).mapToObj(i -> fleet.shareCps(i, totalCps)).toList();
    }

    private static FleetSpec fleet(int clients, List<Integer> weights) {
        List<AgentEndpoint> endpoints = IntStream.range(0, clients).mapToObj(i -> new AgentEndpoint("10.0.0." + (11 + i),
                7070)).toList();
        return new FleetSpec(SERVER, endpoints, weights, null, "token", 0);
    }
}
