package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.Exec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code run --metrics-port}: a scrape taken mid-run is valid Prometheus text (Prometheus' own
 * {@code promtool check metrics} says so), and its values are the run's: the TIME_WAIT level it
 * shows is the one in timeseries.csv's row at the scrape's {@code twbench_run_elapsed_seconds}.
 */
@ResourceLock(LoadLock.CPU)
class LiveMetricsTest {
    private static final Pattern ELAPSED = Pattern.compile("(?m)^twbench_run_elapsed_seconds\\{[^}]*} (\\S+)$");
    private static final Pattern CLIENT_TIME_WAIT = Pattern.compile(
            "(?m)^twbench_timewait_sockets\\{run=\"([^\"]+)\",side=\"client\"} (\\S+)$");

    @TempDir
    Path work;

    @Test
    void aScrapeMidRunIsValidPrometheusTextAndMatchesTheSameTicksRow() throws Exception {
        LabRequirements.assumeNamespaceLab();
        LabRequirements.assumeCommand("promtool", "prometheus");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliProcess cli = CliProcess.start(work, "run", "--rate", "300", "--duration", "4s", "--no-drain", "--warmup",
                "0s", "--metrics-port", Integer.toString(port), "--out", "out");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        String text = "";
        // Until the load's first seconds have been sampled: the lab and the agents come first.
        for (int i = 0; i < 600 && !(CLIENT_TIME_WAIT.matcher(text).find() && elapsed(text) >= 2.0); i++) {
            Thread.sleep(100);
            try {
                text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notYet) {
                text = "";
            }
        }
        assertEquals(0, cli.waitFor(180), cli.stderr());
        Exec.Result check = Exec.run(List.of("promtool", "check", "metrics"), text);
        assertTrue(check.ok(), "promtool check metrics: " + check.describe() + "\n" + text);
        for (String family : List.of("twbench_timewait_sockets", "twbench_connections_total",
                "twbench_failures_total", "twbench_latency_seconds", "twbench_tw_entered_total")) {
            assertTrue(text.contains("\n# TYPE " + family.replaceFirst("_total$", "")) || text.contains("# TYPE " + family),
                    family + " in:\n" + text);
        }
        Matcher tw = CLIENT_TIME_WAIT.matcher(text);
        assertTrue(tw.find(), text);
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        assertEquals(runDir.getFileName().toString(), tw.group(1), "the run's id labels every metric");
        long elapsedMs = Math.round(elapsed(text) * 1000);
        TimeSeries series = TimeSeries.read(runDir.resolve("timeseries.csv"));
        TimeSeries.Column level = series.column(Side.CLIENT, Counters.TIME_WAIT);
        long inCsv = -1;
        for (int i = 0; i < level.size(); i++) {
            if (level.rows().elapsedMs(i) == elapsedMs) {
                inCsv = level.get(i);
            }
        }
        assertTrue(inCsv > 0, "a client row at " + elapsedMs + " ms with TIME_WAIT");
        assertEquals(inCsv, (long) Double.parseDouble(tw.group(2)), "the scrape is the tick's row");
    }

    private static double elapsed(String text) {
        Matcher m = ELAPSED.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
