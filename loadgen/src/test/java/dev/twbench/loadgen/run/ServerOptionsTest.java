package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Transport;
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
        return runForResult(scenario).summary();
    }

    private RunResult runForResult(Scenario.Builder scenario) throws Exception {
        // 1,000 connections without a warm-up: the shares and options are counts, exact at any length.
        RunResult result = RunController.execute(scenario.rate(Rate.perSecond(1000)).durationMs(1_000).drain(false)
                .warmupMs(0).outDir(out).build(), RunListener.SILENT);
        assertEquals(0, result.summary().failed(), result.summary().failures().toString());
        return result;
    }

    /** The listening socket's options as the server agent read them back from the kernel. */
    private static JsonNode listenerOptions(RunResult result) throws Exception {
        return Json.MAPPER.readTree(result.folder().runJson().toFile()).at("/lab/server/listenerOptions");
    }

    @Test
    void reusePortListenersEachAcceptAShare() throws Exception {
        RunResult result = runForResult(Scenario.builder().serverReusePort(2));
        assertTrue(listenerOptions(result).get("SO_REUSEPORT").asBoolean());
        Summary s = result.summary();
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
        // Attempt k goes to port k mod 4, whether or not it then completes (on a busy machine a few
        // may time out). An attempt that failed before the server accepted it, or was never started
        // (a CI run without warm-up started 997 of 1,000: 249, 250, 248 and 250 accepted), is the
        // only way for a port to be off more than one.
        for (Summary.Listener listener : s.server().listeners()) {
            assertEquals(s.attemptsStarted() / 4.0, listener.accepted(), 1 + s.failed() + s.notStarted(),
                    "attempt k goes to port k mod 4: " + s.server().listeners() + ", failures " + s.failures()
                            + ", not started " + s.notStarted());
        }
        assertEquals(s.attemptsStarted(), s.server().listeners().stream().mapToLong(Summary.Listener::accepted).sum(),
                "every attempt started was accepted on one of the four");
    }

    @Test
    void reuseAddressIsOnByDefaultAndOffWhenAskedAsTheKernelReportsIt() throws Exception {
        RunResult on = runForResult(Scenario.builder());
        assertTrue(listenerOptions(on).get("SO_REUSEADDR").asBoolean());
        assertFalse(listenerOptions(on).get("SO_REUSEPORT").asBoolean());
        RunResult off = runForResult(Scenario.builder().serverReuseAddress(false));
        assertFalse(listenerOptions(off).get("SO_REUSEADDR").asBoolean());
        assertEquals(off.summary().completed(), off.summary().server().completed());
    }

    @Test
    void reusePortWorksOnNio() throws Exception {
        Summary s = run(Scenario.builder().serverReusePort(2).transport(Transport.NIO));
        for (Summary.Listener listener : s.server().listeners()) {
            assertTrue(listener.accepted() >= s.server().accepted() / 4, "each at least 25 %: " + s.server().listeners());
        }
    }
}
