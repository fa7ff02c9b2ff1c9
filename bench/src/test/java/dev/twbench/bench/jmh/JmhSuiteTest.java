package dev.twbench.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.report.ReportWriter;
import dev.twbench.analysis.results.JmhResult;
import dev.twbench.loadgen.lab.FreshNamespace;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.run.LoadLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Every benchmark of the suite, run for real through JMH's Runner API (one short iteration,
 * failing on error) in a network namespace of its own, and held to what it must show.
 */
@ResourceLock(LoadLock.CPU)
class JmhSuiteTest {
    @TempDir
    Path out;

    @BeforeEach
    void needsNamespaces() {
        LabRequirements.assumeNamespaceLab();
    }

    private List<JmhResult> run(String regex, String... params) throws Exception {
        Path json = out.resolve("result-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of(json.toString(), regex));
        args.addAll(List.of(params));
        assertEquals(0, FreshNamespace.reexec(IsolatedRunner.class.getName(), args, "the JMH run"), "the JMH run failed (see its output)");
        return JmhResult.readAll(json);
    }

    private static double secondary(JmhResult r, String name) {
        JmhResult.Metric m = r.secondaryMetrics().get(name);
        assertTrue(m != null, name + " missing from " + r.secondaryMetrics().keySet());
        return m.score();
    }

    private static void assertNoFailures(JmhResult r) {
        for (String errno : List.of("eaddrnotavail", "eaddrinuse", "econnrefused", "econnreset", "etimedout", "timeout",
                "other")) {
            assertEquals(0.0, secondary(r, errno), r.benchmark() + " " + r.params() + ": " + errno);
        }
    }

    @Test
    void clientFirstCycleLeavesOneTimeWaitPerOperationAndTheRstCycleNone() throws Exception {
        List<JmhResult> results = run("ConnectionCycleBenchmark", "close=client-first,client-rst,server-rst",
                "transport=direct,epoll,io_uring,nio");
        assertEquals(12, results.size());
        for (JmhResult r : results) {
            // No rate is asserted: how many cycles fit in the iteration is the machine's business. An
            // io_uring that loses RSTs (see AgentCommand) shows here as connections that end by the
            // 5 s timeout, counted by errno like any other failure.
            assertNoFailures(r);
            assertTrue(r.primaryMetric().score() > 0, r.params() + ": " + r.primaryMetric());
            double perOp = secondary(r, "tw.entered/op");
            if (r.params().get("close").equals("client-first")) {
                assertEquals(1.0, perOp, 0.05, r.params() + ": one TIME_WAIT per connection");
            } else {
                assertEquals(0.0, perOp, 0.001, r.params() + ": an RST leaves none");
            }
        }
    }

    @Test
    void bindFailsWithEaddrinuseOnlyWithoutReuseAddressWhileTimeWaitHoldsThePort() throws Exception {
        for (JmhResult r : run("BindUnderTimeWaitBenchmark", "timeWait=0,10000", "reuseAddress=true,false")) {
            boolean blocked = r.params().get("timeWait").equals("10000") && r.params().get("reuseAddress").equals("false");
            double eaddrinuse = secondary(r, "eaddrinuse");
            assertTrue(blocked ? eaddrinuse > 0 : eaddrinuse == 0, r.params() + ": EADDRINUSE " + eaddrinuse);
            if (r.params().get("timeWait").equals("10000")) {
                assertTrue(secondary(r, "tw.level") >= 10_000, r.params() + ": " + secondary(r, "tw.level"));
            }
        }
    }

    @Test
    void connectStillFindsAFreePortWhenNinetyNinePercentHoldTimeWait() throws Exception {
        List<JmhResult> results = run("ConnectUnderPortPressureBenchmark", "filledPercent=0,99");
        assertEquals(2, results.size());
        for (JmhResult r : results) {
            assertNoFailures(r);
            double filled = Double.parseDouble(r.params().get("filledPercent"));
            assertTrue(secondary(r, "tw.level") >= ConnectUnderPortPressureBenchmark.PORTS * filled / 100,
                    r.params() + ": TIME_WAIT " + secondary(r, "tw.level"));
        }
    }

    @Test
    void everyWayOfCountingRunsAtTheRequestedLevelAndTheJsonRendersAsAReport() throws Exception {
        Path json = out.resolve("counting.json");
        assertEquals(0, FreshNamespace.reexec(IsolatedRunner.class.getName(), List.of(json.toString(),
                "TimeWaitCountingBenchmark|ProbeReadBenchmark", "timeWait=1000"), "the JMH run"));
        List<JmhResult> results = JmhResult.readAll(json);
        assertEquals(5, results.size(), "four ways of counting and the probe read");
        assertEquals(4, results.stream().map(r -> r.params().get("way")).filter(w -> w != null).distinct().count());
        for (JmhResult r : results) {
            assertTrue(r.primaryMetric().score() > 0, r.benchmark());
            if (r.benchmark().contains("TimeWaitCounting")) {
                assertTrue(secondary(r, "tw.level") >= 1000, r.benchmark() + ": " + secondary(r, "tw.level"));
            }
        }
        ReportWriter.Written report = ReportWriter.forJmh(json, out.resolve("report"));
        String md = Files.readString(report.markdown());
        assertTrue(md.contains("timeWait=1000,way=PROC_NET_TCP_ALL") && md.contains("timeWait=1000,way=SS_STATE_FILTER"),
                md);
        assertEquals(2, report.charts().size(), "a chart per benchmark method: " + report.charts());
    }
}
