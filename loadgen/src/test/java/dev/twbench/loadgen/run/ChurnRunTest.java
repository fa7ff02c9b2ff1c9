package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.SideCounters;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Whole runs in the lab, against the kernel behaviour in docs/kernel-facts.md. Methods run one after
 * another (each one loads both cores); the class runs beside the drain test, which mostly waits.
 * What is asserted is what the kernel fixes (counts, sides, errnos), never how fast the client
 * went: where ports must run out or come round, the client gets {@value #PORTS} of them, used up
 * within the load even if the client manages only 100 connections per second.
 */
@ResourceLock(LoadLock.CPU)
class ChurnRunTest {
    private static final int PORTS = 200;
    private static final String PORT_RANGE = "net.ipv4.ip_local_port_range=40000 40199";

    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private final List<String> labsUsed = new ArrayList<>();

    @AfterEach
    void nothingIsLeftBehind() {
        List<String> present = StaleLabs.allLabNamespaces();
        for (String lab : labsUsed) {
            assertFalse(present.contains("twb-" + lab + "-c") || present.contains("twb-" + lab + "-s"),
                    "lab " + lab + " removed: " + present);
        }
    }

    /** Runs the scenario and remembers its lab, to check that it was removed. */
    private Summary run(Scenario scenario) throws Exception {
        return runForResult(scenario).summary();
    }

    private RunResult runForResult(Scenario scenario) throws Exception {
        RunResult result = RunController.execute(scenario, RunListener.SILENT);
        labsUsed.add(Json.MAPPER.readTree(result.folder().runJson().toFile()).at("/lab/id").asText());
        return result;
    }

    private Scenario.Builder scenario(CloseOrder order, long rate, long durationMs) {
        return Scenario.builder().closeOrder(order).rate(Rate.perSecond(rate)).durationMs(durationMs).drain(false)
                .outDir(out);
    }

    private static SysctlOverrides client(String... settings) {
        return SysctlOverrides.parse(List.of(), List.of(settings), List.of());
    }

    private static void assertWithin(double expected, double actual, double fraction, String what) {
        assertTrue(Math.abs(actual - expected) <= fraction * expected,
                what + ": expected " + expected + " within " + (fraction * 100) + " %, was " + actual);
    }

    @Test
    void clientFirstCloseLeavesTimeWaitOnClientOnly() throws Exception {
        RunResult result = runForResult(scenario(CloseOrder.CLIENT_FIRST, 2000, 3_000).build());
        Summary s = result.summary();
        assertEquals(RunOutcome.Kind.COMPLETED, s.outcome().kind(), s.endReason());
        assertEquals(6_000, s.attemptsDue());
        assertEquals(0, s.failed(), s.failures().toString());
        assertWithin(s.completed(), s.timeWait().get("client").peak(), 0.05, "client TIME_WAIT peak vs completed");
        assertTrue(s.timeWait().get("server").peak() <= s.completed() / 100, "server holds (almost) no TIME_WAIT");
        assertEquals(s.completed(), s.timeWait().get("client").entered(), "TcpExt TW counts each active close");
        assertEquals(s.completed(), s.attemptsDue() - s.notStarted(), "every attempt started completed");
        assertResultsFolderIsComplete(result);
    }

    @Test
    void serverFirstCloseLeavesTimeWaitOnServerOnly() throws Exception {
        RunResult result = runForResult(scenario(CloseOrder.SERVER_FIRST, 2000, 3_000).build());
        Summary s = result.summary();
        assertEquals(0, s.failed(), s.failures().toString());
        assertEquals(s.completed(), s.timeWait().get("server").entered(), "every server close enters TIME_WAIT");
        assertTrue(s.timeWait().get("client").peak() <= s.completed() / 100, "client holds (almost) no TIME_WAIT");
        // Until the client's source ports come round again (after thousands of connections), (almost)
        // every TIME_WAIT the server entered is still there: its level is its own count of entries, both
        // read from the server's namespace at the same tick (however many connections that was).
        TimeSeries series = TimeSeries.read(result.folder().timeSeriesCsv());
        TimeSeries.Columns cells = series.load(Counters.TIME_WAIT, Counters.TW_ENTERED);
        TimeSeries.Rows server = series.rows(Side.SERVER);
        int halfSecond = 0;
        while (server.elapsedMs(halfSecond) < 500) {
            halfSecond++;
        }
        TimeSeries.Column entered = cells.get(Side.SERVER, Counters.TW_ENTERED);
        long enteredByThen = 0;
        for (int i = 0; i <= halfSecond; i++) {
            enteredByThen += entered.get(i);
        }
        assertTrue(enteredByThen > 0, "the load had begun half a second in");
        // Within 10 %: one loaded CI run had 963 of 1,016 still there (5.2 % gone in half a second, with
        // no counter to say how); others stayed within 5 %. Not yet explained.
        assertWithin(enteredByThen, cells.get(Side.SERVER, Counters.TIME_WAIT).get(halfSecond), 0.10,
                "server TIME_WAIT after half a second vs its TIME_WAIT entries by then");
    }

    @Test
    void newSynsFromReusedClientPortsTakeOverServerTimeWait() throws Exception {
        // The client holds no TIME_WAIT here, so connect() comes back to source ports whose
        // 4-tuple is still in TIME_WAIT on the server; the server lets the new SYN take the socket
        // over, and it leaves TIME_WAIT without expiring and without any counter. With 200 source
        // ports the server can hold at most 200 TIME_WAIT sockets, so every connection beyond
        // them took one over (none failed). At most 32 in flight: each holds a port meanwhile.
        Summary s = run(scenario(CloseOrder.SERVER_FIRST, 1000, 4_000).maxInFlight(32).sysctls(client(PORT_RANGE))
                .build());
        Summary.SideTimeWait server = s.timeWait().get("server");
        assertEquals(0, s.failed(), s.failures().toString());
        assertTrue(s.completed() > PORTS, "more connections than source ports: " + s.completed());
        assertEquals(s.completed(), server.entered(), "every server close enters TIME_WAIT");
        assertEquals(0L, server.recycled(), "connect()'s TWRecycled is a client-side counter");
        assertTrue(server.peak() - server.start() <= PORTS, "one TIME_WAIT per 4-tuple at most: " + server.peak());
        assertTrue(server.leftBeforeExpiry() >= s.completed() - PORTS, "entered " + server.entered() + ", peak "
                + server.peak() + ", left early " + server.leftBeforeExpiry());
    }

    @Test
    void clientPortsRunOutAfterOneConnectionPerPortWithEaddrnotavail() throws Exception {
        Summary s = run(scenario(CloseOrder.CLIENT_FIRST, 500, 2_000).sysctls(client(PORT_RANGE)).build());
        // The 201st connect() fails: at 0.4 s if the client keeps up with 500 per second, later if
        // it does not; either way after exactly 200 connections.
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRNOTAVAIL", s);
    }

    @Test
    void twReuseDefaultIsOffBetweenNamespacesSoPortsRunOut() throws Exception {
        Summary s = run(scenario(CloseOrder.CLIENT_FIRST, 800, 2_000).sysctls(client(PORT_RANGE)).build());
        // tcp_tw_reuse=2 applies to loopback only: no TIME_WAIT is taken over (TWRecycled 0).
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRNOTAVAIL", s);
    }

    @Test
    void twReuseOneLetsConnectTakeOverTimeWaitOlderThanTheDelay() throws Exception {
        // 100 per second through 200 ports with a 1 s delay: connect() always finds a TIME_WAIT old
        // enough, at any slower rate too. At most 32 in flight: each holds a port meanwhile.
        Summary s = run(scenario(CloseOrder.CLIENT_FIRST, 100, 5_000).maxInFlight(32)
                .sysctls(client(PORT_RANGE, "net.ipv4.tcp_tw_reuse=1")).build());
        Summary.SideTimeWait client = s.timeWait().get("client");
        assertEquals(0, s.failed(), s.failures().toString());
        assertTrue(s.completed() > PORTS, "more connections than ports: " + s.completed());
        assertEquals(s.completed(), client.entered(), "every connection entered TIME_WAIT");
        assertTrue(client.peak() - client.start() <= PORTS, "one TIME_WAIT per port at most: " + client.peak());
        // None expired in 5 s: the connections beyond the ports took over a TIME_WAIT (TWRecycled),
        // or took a port whose TIME_WAIT an RST had ended (which no counter shows).
        assertTrue(client.recycled() > 0 && client.recycled() <= client.leftBeforeExpiry(),
                "TWRecycled " + client.recycled() + ", left before expiry " + client.leftBeforeExpiry());
    }

    @Test
    void timeWaitOverflowIsCountedPerIntervalAndIsNotAFailure() throws Exception {
        // Client-first closes against a bucket limit of 200: all after the 200th skip TIME_WAIT.
        RunResult result = runForResult(scenario(CloseOrder.CLIENT_FIRST, 1000, 3_000)
                .sysctls(client("net.ipv4.tcp_max_tw_buckets=200")).build());
        Summary s = result.summary();
        assertEquals(RunOutcome.Kind.COMPLETED, s.outcome().kind(), s.endReason());
        assertEquals(0, s.failed());
        assertTrue(s.completed() > 200, "more closes than buckets: " + s.completed());
        assertEquals(200, s.timeWait().get("client").peak());
        assertEquals(s.completed() - 200, s.timeWait().get("client").overflow(), "TCPTimeWaitOverflow");
        long perInterval = TimeSeries.read(result.folder().timeSeriesCsv()).column(Side.CLIENT, Counters.TW_OVERFLOW)
                .sum();
        assertEquals(s.timeWait().get("client").overflow(), perInterval, "the intervals add up to the total");
    }

    @Test
    void closedLoopNeverHasMoreThanTheCapInFlight() throws Exception {
        RunResult result = runForResult(scenario(CloseOrder.CLIENT_FIRST, 1, 2_000).rate(Rate.closedLoop())
                .maxInFlight(8).sysctls(client("net.ipv4.tcp_tw_reuse=1")).build());
        Summary s = result.summary();
        assertNull(s.targetRateCps());
        assertEquals(0, s.failed(), s.failures().toString());
        assertTrue(s.completed() > 8, "the slots were used again and again: " + s.completed());
        TimeSeries.Column inFlight = TimeSeries.read(result.folder().timeSeriesCsv())
                .column(Side.CLIENT, Counters.IN_FLIGHT);
        long mostInFlight = IntStream.range(0, inFlight.size()).mapToLong(inFlight::get).max().orElseThrow();
        assertTrue(mostInFlight > 0 && mostInFlight <= 8, "at most --max-in-flight open: " + mostInFlight);
    }

    @Test
    void hostLabCountsTimeWaitPerSideByServerPort() throws Exception {
        Summary s = RunController.execute(scenario(CloseOrder.CLIENT_FIRST, 500, 2_000).lab(LabKind.HOST).build(),
                RunListener.SILENT).summary(); // no lab to remove
        assertEquals(0, s.failed(), s.failures().toString());
        assertWithin(s.completed(), s.timeWait().get("client").peak(), 0.05, "client TIME_WAIT on the host's loopback");
        assertTrue(s.timeWait().get("server").peak() <= s.completed() / 100);
        assertNull(s.timeWait().get("client").entered(), "the host's TcpExt counters are not one side's");
    }

    /** Everything the results format promises is there, and adds up. */
    private static void assertResultsFolderIsComplete(RunResult result) throws Exception {
        Summary s = result.summary();
        TimeSeries series = TimeSeries.read(result.folder().timeSeriesCsv());
        for (Side side : Side.ENDS) {
            assertEquals(s.samples(), series.rows(side).size(), "one row per tick for the " + side.label());
        }
        TimeSeries.Columns client = series.load(Counters.COMPLETED, Counters.ATTEMPTS_DUE);
        assertEquals(s.completed(), client.get(Side.CLIENT, Counters.COMPLETED).sum());
        assertEquals(s.attemptsDue(), client.get(Side.CLIENT, Counters.ATTEMPTS_DUE).sum());
        TimeSeries.Rows clientRows = series.rows(Side.CLIENT);
        assertTrue(clientRows.elapsedMs(clientRows.size() - 1) >= 3_000, "the rows reach the end of the load");
        // The summary sums every count of the schema over each side's rows, the new kernel counters included.
        TimeSeries.Columns counts = series.load(Counters.ALL.stream().filter(Counter::isCount).toArray(Counter[]::new));
        for (Side side : Side.ENDS) {
            SideCounters totals = s.counters().get(side.label());
            for (Counter c : Counters.ALL) {
                if (c.isCount() && c.appliesTo(side)) {
                    assertEquals(counts.get(side, c).sum(), totals.total(c), side.label() + " " + c.column());
                }
            }
            for (Counter c : List.of(Counters.LISTEN_OVERFLOWS, Counters.LISTEN_DROPS, Counters.SYN_RETRANS)) {
                TimeSeries.Column column = counts.get(side, c);
                assertTrue(IntStream.range(0, column.size()).allMatch(column::has), c.column() + " in every row");
            }
        }

        JsonNode run = Json.MAPPER.readTree(result.folder().runJson().toFile());
        assertEquals("client-first", run.at("/scenario/closeOrder").asText());
        assertEquals("netns", run.at("/lab/kind").asText());
        assertTrue(run.at("/lab/client/sysctls/net.ipv4.tcp_tw_reuse").isTextual());
        assertTrue(run.at("/environment/kernelRelease").asText().length() > 0);

        long connect = 0;
        long cycle = 0;
        try (InputStream in = new FileInputStream(result.folder().latencyLog().toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                org.HdrHistogram.Histogram histogram = (org.HdrHistogram.Histogram) h;
                if ("connect".equals(h.getTag())) {
                    connect += histogram.getTotalCount();
                } else if ("cycle".equals(h.getTag())) {
                    cycle += histogram.getTotalCount();
                }
            }
        }
        assertEquals(s.connected(), connect, "every connect latency is in latency.hlog");
        assertEquals(s.completed(), cycle, "every cycle latency is in latency.hlog");
        assertEquals(s.completed(), s.latencyUs().get("cycle").count());
    }
}
