package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCountsTest {

    @Test
    void differenceKeepsOnlyFailureKindsThatChanged() {
        AgentCounts earlier = new AgentCounts(10, 10, 9, 8, 0, 0, 1, 5, 1, Map.of("ECONNREFUSED", 1L));
        AgentCounts later = new AgentCounts(30, 29, 27, 25, 2, 0, 4, 9, 3, Map.of("ECONNREFUSED", 1L, "EADDRNOTAVAIL", 2L));
        AgentCounts d = later.minus(earlier);
        assertEquals(new AgentCounts(20, 19, 18, 17, 2, 0, 3, 4, 2, Map.of("EADDRNOTAVAIL", 2L)), d);
    }

    @Test
    void inFlightIsBegunMinusEnded() {
        assertEquals(3, new AgentCounts(50, 40, 38, 30, 0, 0, 0, 0, 7, Map.of()).inFlight());
        assertEquals(2, new AgentCounts(0, 0, 0, 10, 0, 13, 4, 0, 1, Map.of()).inFlight());
    }
}
