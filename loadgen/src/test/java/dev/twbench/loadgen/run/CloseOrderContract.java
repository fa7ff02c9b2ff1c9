package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Protocol;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Transport;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Where TIME_WAIT lands for each close order (docs/kernel-facts.md, "Who gets TIME_WAIT"), at 1000
 * connections per second for half a second. One contract, bound once per transport, each close order under
 * the raw protocol and HTTP/1.1: the exchange is one state machine on every transport and for
 * every protocol, so each must show the kernel the same behaviour.
 */
@ResourceLock(LoadLock.CPU)
abstract class CloseOrderContract {
    /** Half a second at 1,000/s: each run's lab and agents cost more than its load; the counts are exact either way. */
    private static final long DUE = 500;

    @TempDir
    Path out;

    /** The transport both agents run on. */
    abstract Transport transport();

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private Summary run(CloseOrder order, Protocol protocol) throws Exception {
        Summary s = RunController.execute(Scenario.builder().closeOrder(order).protocol(protocol).rate(Rate.perSecond(1000))
                .durationMs(DUE).drain(false).warmupMs(0).transport(transport()).outDir(out).build(),
                RunListener.SILENT).summary();
        assertEquals(RunOutcome.Kind.COMPLETED, s.outcome().kind(), s.endReason());
        assertEquals(0, s.failed(), s.failures().toString());
        assertEquals(0, s.server().failed(), s.server().failures().toString());
        // How many attempts started depends on how fast the client went on this shared machine
        // (a busy neighbour leaves some not started when the load's time is up); where each
        // connection left its TIME_WAIT does not. Every attempt is accounted for either way.
        assertEquals(DUE, s.attemptsDue(), "1000 per second for half a second");
        assertEquals(s.attemptsDue(), s.attemptsStarted() + s.notStarted());
        assertTrue(s.completed() > 0, "the load ran");
        assertEquals(s.attemptsStarted(), s.completed(), "every attempt started completed");
        // The server accepted every connection before answering it; at the last sample it may still
        // be reading a last RST or FIN (JDK NIO once 1 of 1,000): those are in flight, not lost.
        assertEquals(s.completed(), s.server().accepted(), "the server accepted every connection");
        long serverInFlight = s.counters().get("server").level(Counters.IN_FLIGHT).end();
        assertEquals(s.server().accepted(), s.server().completed() + serverInFlight,
                "each accepted connection completed, or was still closing at the last sample");
        assertEquals(s.completed(), s.requests(), "one request answered per connection");
        return s;
    }

    private static long entered(Summary s, String side) {
        return s.timeWait().get(side).entered();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void clientFirstLeavesTimeWaitOnTheClientOnly(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.CLIENT_FIRST, protocol);
        assertEquals(s.completed(), entered(s, "client"));
        assertEquals(0, entered(s, "server"));
        assertEquals(new Summary.TimeWaitSplit(s.completed(), 0, 0), s.timeWaitSplit());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void serverFirstLeavesTimeWaitOnTheServerOnly(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.SERVER_FIRST, protocol);
        assertEquals(0, entered(s, "client"));
        assertEquals(s.completed(), entered(s, "server"));
        assertEquals(new Summary.TimeWaitSplit(0, s.completed(), 0), s.timeWaitSplit());
    }

    /**
     * No byte either way: the connection is the exchange, and the close order still decides. The
     * server resets what it accepts, often before the client has seen its connect() complete: still
     * no failure (the other orders' connect-only runs are ServerCommandTest's and ExchangeMachineTest's).
     */
    @Test
    void connectOnlyServerResetCompletesEveryConnectionWithoutTimeWait() throws Exception {
        Summary s = run(CloseOrder.SERVER_RST, Protocol.CONNECT);
        assertEquals(0, entered(s, "client"));
        assertEquals(0, entered(s, "server"));
        assertEquals(s.completed(), s.peerResets(), "every connection ended with the server's RST");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void serverIdleCloseLeavesTimeWaitOnTheServerOnly(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.SERVER_IDLE, protocol);
        assertEquals(0, entered(s, "client"));
        assertEquals(s.completed(), entered(s, "server"));
        // The client waited out the server's 100 ms idle timeout on every connection.
        assertTrue(s.latencyUs().get("cycle").p50Us() >= 100_000, "cycle p50 " + s.latencyUs().get("cycle").p50Us());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void halfCloseLeavesTimeWaitOnTheSideThatShutDownFirst(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.HALF_CLOSE, protocol);
        assertEquals(s.completed(), entered(s, "client"));
        assertEquals(0, entered(s, "server"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void clientResetLeavesNoTimeWaitAndTheServerReadsEconnreset(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.CLIENT_RST, protocol);
        assertEquals(0, entered(s, "client"));
        assertEquals(0, entered(s, "server"));
        assertEquals(s.completed(), s.timeWait().get("client").abortOnData(), "SO_LINGER 0 close: TCPAbortOnData");
        assertEquals(s.completed(), s.server().peerResets(), "the server's read ended with ECONNRESET");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void serverResetLeavesNoTimeWaitAndTheClientReadsEconnreset(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.SERVER_RST, protocol);
        assertEquals(0, entered(s, "client"));
        assertEquals(0, entered(s, "server"));
        assertEquals(s.completed(), s.timeWait().get("server").abortOnData(), "SO_LINGER 0 close: TCPAbortOnData");
        assertEquals(s.completed(), s.peerResets(), "the client's read ended with ECONNRESET");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Protocol.class, names = {"RAW", "HTTP1"})
    void simultaneousCloseReportsWhoHeldTimeWait(Protocol protocol) throws Exception {
        Summary s = run(CloseOrder.SIMULTANEOUS, protocol);
        Summary.TimeWaitSplit split = s.timeWaitSplit();
        assertNotNull(split);
        // Every connection closed with FINs from both sides, so it left TIME_WAIT somewhere.
        assertTrue(entered(s, "client") + entered(s, "server") >= s.completed(),
                "client " + entered(s, "client") + " + server " + entered(s, "server") + " >= " + s.completed());
        assertEquals(entered(s, "client"), split.clientOnly() + split.both(), split.toString());
        assertEquals(entered(s, "server"), split.serverOnly() + split.both(), split.toString());
    }
}
