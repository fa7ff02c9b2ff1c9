package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.chart.ChartStyle;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.run.LoadLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code report} on a run folder of 8 hours at 100 ms, as {@code soak --duration 8h} writes
 * (576,000 rows), in the heap a user gives it: made from a real 3-second run, its ticks repeated
 * (see {@link RepeatedRun}), and reported by benchmarks.jar's main class in a JVM of its own.
 */
@ResourceLock(LoadLock.CPU)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EightHourReportTest {
    private static final int TICKS = 8 * 3600 * 10;
    private static final long INTERVAL_MS = 100;
    /** Four series, each at most two points a pixel column and its two ends; axes, ticks and grid besides. */
    private static final int LATENCY_SVG_LINES = 4 * (2 * ChartStyle.WIDTH_PX + 2) + 300;

    @TempDir
    static Path work;
    private static Path eightHours;

    @BeforeAll
    static void anEightHourFolderFromARealShortRun() throws Exception {
        LabRequirements.assumeNamespaceLab();
        InProcessCli run = InProcessCli.execute("run", "--rate", "500", "--duration", "3s", "--interval", "100ms",
                "--no-drain", "--warmup", "0s", "--name", "short", "--out", work.resolve("short").toString());
        assertEquals(0, run.exitCode(), run.toString());
        Path shortRun;
        try (Stream<Path> dirs = Files.list(work.resolve("short"))) {
            shortRun = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        eightHours = RepeatedRun.of(shortRun, work.resolve("eight-hours"), TICKS, INTERVAL_MS);
        assertEquals(1 + 2 * TICKS, lines(eightHours.resolve("timeseries.csv")), "header and 576,000 rows");
    }

    @Test
    @Order(1)
    void anEightHourRunIsReportedIn512MiBWithChartsOfBoundedSize() throws Exception {
        Path gcLog = work.resolve("gc.log");
        long startNs = System.nanoTime();
        CliProcess cli = CliProcess.startWithJvmOptions(List.of("-Xmx512m", "-Xlog:gc:file=" + gcLog), work,
                "report", eightHours.toString());
        int exit = cli.waitFor(900);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        System.out.printf("report of 8 hours (%,d rows) with -Xmx512m: exit %d in %.1f s, heap after GC at most %d MiB%n",
                2 * TICKS, exit, tookMs / 1000.0, mostHeapAfterGcMiB(gcLog));

        assertEquals(0, exit, cli.stdout() + cli.stderr());
        assertTrue(Files.size(eightHours.resolve("report.html")) > 10_000);
        String md = Files.readString(eightHours.resolve("report.md"));
        assertTrue(md.contains("## Charts"));
        // Client-first without a failure: the server's TIME_WAIT and the failures are a sentence each, not a chart.
        assertTrue(md.contains("The server held no TIME_WAIT in this run") && md.contains("No connection failed"), md);
        for (String chart : List.of("timewait-client", "rate", "latency", "memory")) {
            Path svg = eightHours.resolve("charts").resolve(chart + ".svg");
            assertTrue(Files.size(eightHours.resolve("charts").resolve(chart + ".png")) > 0, chart);
            // Drawn row by row, the latency chart alone would be 4 x 288,000 segments (~300 MB).
            assertTrue(Files.size(svg) < 3_000_000, chart + ".svg: " + Files.size(svg) + " bytes");
        }
        long segments = count(Files.readString(eightHours.resolve("charts/latency.svg")), "<line ");
        assertTrue(segments <= LATENCY_SVG_LINES, segments + " line segments in latency.svg");
    }

    @Test
    @Order(2)
    void aReportWhoseHeapRunsOutSaysInOneLineHowMuchItReadAndWhatToDo() throws Exception {
        CliProcess cli = CliProcess.startWithJvmOptions(List.of("-Xmx48m"), work, "report", eightHours.toString());

        assertEquals(Cli.EXIT_FAILED, cli.waitFor(600), cli.stdout() + cli.stderr());
        List<String> err = cli.stderr().lines().toList();
        assertEquals(1, err.size(), "one line, no stack trace: " + cli.stderr());
        assertTrue(err.get(0).startsWith("twbench: the Java heap (") && err.get(0).contains(eightHours.toString())
                && err.get(0).contains("576,000 rows") && err.get(0).contains("java -Xmx1g -jar benchmarks.jar report "
                + eightHours), err.get(0));
        assertFalse(cli.stderr().contains("Exception") || cli.stderr().contains("\tat "), cli.stderr());
    }

    private static long lines(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static long count(String text, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    /** The largest heap after a collection that {@code -Xlog:gc} logged ("... 374M->54M(387M) ..."). */
    private static long mostHeapAfterGcMiB(Path gcLog) throws Exception {
        Matcher m = Pattern.compile("\\d+M->(\\d+)M").matcher(Files.readString(gcLog));
        long most = 0;
        while (m.find()) {
            most = Math.max(most, Long.parseLong(m.group(1)));
        }
        return most;
    }
}
