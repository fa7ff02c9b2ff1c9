package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** How the server's listening sockets share the connections. */
@ResourceLock(LoadLock.CPU)
class ServerOptionsTest {
    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private Summary run(Scenario.Builder scenario) throws Exception {
        Summary s = RunController.execute(scenario.rate(Rate.perSecond(1000)).durationMs(3_000).drain(false)
                .warmupMs(1_000).outDir(out).build(), RunListener.SILENT).summary();
        assertEquals(0, s.failed(), s.failures().toString());
        return s;
    }

    @Test
    void reusePortListenersEachAcceptAShare() throws Exception {
        Summary s = run(Scenario.builder().serverReusePort(2));
        List<Summary.Listener> listeners = s.server().listeners();
        assertEquals(List.of(7000, 7000), listeners.stream().map(Summary.Listener::port).toList());
        for (Summary.Listener listener : listeners) {
            assertTrue(listener.accepted() >= s.server().accepted() / 4, "each at least 25 %: " + listeners);
        }
        assertEquals(s.server().accepted(), listeners.stream().mapToLong(Summary.Listener::accepted).sum());
    }

    @Test
    void severalPortsShareTheConnectionsEvenly() throws Exception {
        Summary s = run(Scenario.builder().serverPorts(4));
        assertEquals(List.of(7000, 7001, 7002, 7003), s.server().listeners().stream().map(Summary.Listener::port).toList());
        for (Summary.Listener listener : s.server().listeners()) {
            assertEquals(s.completed() / 4, listener.accepted(), 1, "attempt k goes to port k mod 4");
        }
    }

    @Test
    void serverWithoutReuseAddressStillServes() throws Exception {
        Summary s = run(Scenario.builder().serverReuseAddress(false));
        assertTrue(s.completed() > 2900, "completed " + s.completed());
        assertEquals(s.completed(), s.server().completed());
    }
}
