package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.run.PortExhaustion;
import dev.twbench.loadgen.sweep.SweepState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import picocli.CommandLine;

/** {@code sweep} end to end: kernel tunings compared, each variant in a fresh lab. */
@ResourceLock(LoadLock.CPU)
class SweepTest {
    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    /** Runs {@code sweep args...} through the CLI; returns the sweep folder. */
    static Path sweep(Path out, int expectedExit, String... args) throws Exception {
        CommandLine cli = Cli.commandLine();
        StringWriter console = new StringWriter();
        cli.setOut(new PrintWriter(console));
        String[] all = Stream.concat(Stream.of("sweep", "--out", out.toString()), Stream.of(args)).toArray(String[]::new);
        assertEquals(expectedExit, cli.execute(all), console.toString());
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(d -> Files.exists(d.resolve(SweepState.FILE))).findFirst().orElseThrow();
        }
    }

    private static Summary summaryOf(SweepState state, String... values) {
        return state.variants().stream().filter(v -> v.values().values().containsAll(List.of(values)))
                .findFirst().orElseThrow().summary();
    }

    @Test
    void twReuseSavesOnlyTheClientThatClosesFirstAndOnlyWhenItIsOne() throws Exception {
        // 200 ports at 100 new connections per second: a client closing first runs out after 200
        // connections (2 s at this rate, 3 s at 67 per second: counted, not timed); with
        // tcp_tw_reuse=1 the ports sustain 200 per second (ports / 1 s delay), and any slower rate.
        Path dir = sweep(out, 0, "--vary", "client.net.ipv4.tcp_tw_reuse=0,1,2", "--vary",
                "close=client-first,server-first", "--rate", "100", "--duration", "3s", "--no-drain", "--warmup", "0s",
                "--client-sysctl", "net.ipv4.ip_local_port_range=40000 40199");
        SweepState state = SweepState.read(dir);
        assertEquals(6, state.variants().size());
        for (String reuse : List.of("0", "2")) { // 2 is loopback only: off between namespaces
            PortExhaustion.assertRanOutAfter(200, "EADDRNOTAVAIL", summaryOf(state, reuse, "client-first"));
        }
        Summary reused = summaryOf(state, "1", "client-first");
        assertEquals(0, reused.failed(), reused.failures().toString());
        assertTrue(reused.completed() > 200, "more connections than ports: " + reused.completed());
        Summary.SideTimeWait client = reused.timeWait().get("client");
        assertTrue(client.peak() <= 200, "one TIME_WAIT per port at most: " + client.peak());
        assertTrue(client.recycled() > 0 && client.recycled() <= client.leftBeforeExpiry(),
                "TWRecycled " + client.recycled() + ", left before expiry " + client.leftBeforeExpiry());
        for (String reuse : List.of("0", "1", "2")) {
            assertEquals(0, summaryOf(state, reuse, "server-first").failed(), "server-first, tw_reuse " + reuse);
        }
        List<String> csv = Files.readAllLines(dir.resolve("comparison.csv"));
        assertEquals(7, csv.size(), "a header and one row per variant");
        assertTrue(csv.get(0).startsWith("variant,client.net.ipv4.tcp_tw_reuse,close,status,"), csv.get(0));
        assertTrue(csv.get(0).contains("failedEADDRNOTAVAIL"), csv.get(0));
        assertTrue(Files.readString(dir.resolve("comparison.md")).startsWith("| variant |"));
        assertSweepEndsWithReports(dir, state);
    }

    /** The sweep's report with overlaid curves and bars, and each variant's own report in its folder. */
    private static void assertSweepEndsWithReports(Path dir, SweepState state) throws Exception {
        String md = Files.readString(dir.resolve("report.md"));
        for (SweepState.VariantState v : state.variants()) {
            assertTrue(md.contains(v.name()), v.name() + " in the sweep report");
            assertTrue(Files.exists(dir.resolve(v.runDir()).resolve("report.html")), "report of " + v.name());
        }
        for (String chart : List.of("compare-timewait-client", "compare-timewait-server", "compare-achieved-rate",
                "compare-first-failure")) {
            assertTrue(Files.size(dir.resolve("charts").resolve(chart + ".png")) > 0, chart);
            assertTrue(Files.exists(dir.resolve("charts").resolve(chart + ".svg")), chart);
        }
        assertTrue(Files.size(dir.resolve("report.html")) > 50_000, "charts inline");
    }

    @Test
    void tinyTimeWaitBucketLimitCapsTheServersTimeWaitAndCountsTheOverflow() throws Exception {
        Path dir = sweep(out, 0, "--vary", "server.net.ipv4.tcp_max_tw_buckets=100,100000", "--close", "server-first",
                "--rate", "1000", "--duration", "1s", "--no-drain", "--warmup", "0s");
        SweepState state = SweepState.read(dir);
        Summary cappedRun = summaryOf(state, "100");
        Summary.SideTimeWait capped = cappedRun.timeWait().get("server");
        assertEquals(0, cappedRun.failed(), cappedRun.failures().toString());
        assertTrue(cappedRun.completed() > 100, "more closes than buckets: " + cappedRun.completed());
        assertTrue(capped.peak() >= 95 && capped.peak() <= 101, "plateau at the limit: " + capped.peak());
        // Every server close either entered TIME_WAIT or, at the limit, skipped it and was counted.
        assertEquals(cappedRun.completed(), capped.entered() + capped.overflow(),
                "TW " + capped.entered() + " + TCPTimeWaitOverflow " + capped.overflow());
        assertTrue(capped.overflow() > 0, "TCPTimeWaitOverflow " + capped.overflow());
        Summary.SideTimeWait roomy = summaryOf(state, "100000").timeWait().get("server");
        assertEquals(0L, roomy.overflow());
        assertTrue(roomy.peak() > 100, "peak " + roomy.peak());
    }

    @Test
    void resumeRunsOnlyTheVariantsNotYetCompleted() throws Exception {
        Path dir = sweep(out, 0, "--vary", "close=client-first,server-first", "--rate", "200", "--duration", "1s",
                "--no-drain", "--warmup", "0s");
        SweepState done = SweepState.read(dir);
        SweepState.VariantState second = done.variants().get(1);
        // As if the second run had failed: resume must run it again, and only it.
        new SweepState(done.sweepId(), done.startedAt(), done.runArgs(), done.axes(), List.of(done.variants().get(0),
                new SweepState.VariantState(2, second.name(), second.values(), second.runArgs(), SweepState.Status.FAILED,
                        "simulated", second.runDir(), null))).write(dir);
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("sweep", "--resume", dir.toString()));
        SweepState resumed = SweepState.read(dir);
        assertEquals(done.variants().get(0).runDir(), resumed.variants().get(0).runDir(), "the first was not rerun");
        assertEquals(SweepState.Status.COMPLETED, resumed.variants().get(1).status());
        assertNull(resumed.variants().get(1).reason());
        assertTrue(!resumed.variants().get(1).runDir().equals(second.runDir()), "the second ran again");
    }
}
