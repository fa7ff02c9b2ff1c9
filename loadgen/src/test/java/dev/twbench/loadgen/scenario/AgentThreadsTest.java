package dev.twbench.loadgen.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AgentThreadsTest {
    @Test
    void theClientGetsALoopPerCoreAndTheServerOnePerTwo() {
        assertEquals(new AgentThreads(1, 1), AgentThreads.forCpus(1));
        assertEquals(new AgentThreads(2, 1), AgentThreads.forCpus(2));
        assertEquals(new AgentThreads(4, 2), AgentThreads.forCpus(4));
        assertEquals(new AgentThreads(4, 4), AgentThreads.forCpus(64));
    }

    @Test
    void oneNumberIsBothAgentsAndAPairIsClientThenServer() {
        assertEquals(new AgentThreads(3, 3), AgentThreads.parse("3"));
        assertEquals(new AgentThreads(2, 1), AgentThreads.parse("2:1"));
    }

    @Test
    void anythingElseNamesTheValueAndWhatIsAllowed() {
        for (String bad : new String[] {"0", "2:0", "65", "a", "1:2:3", ""}) {
            InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> AgentThreads.parse(bad));
            assertEquals("invalid --agent-threads '" + bad + "': must be N (both agents) or CLIENT:SERVER, each from 1"
                    + " to 64", e.getMessage());
        }
    }
}
