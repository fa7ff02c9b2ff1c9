package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code run --client-cmd}: the user's own client inside the client namespace (curl, wrk), twbench
 * measuring both sides as it does for its own: the load lasts as long as the command.
 */
@ResourceLock(LoadLock.CPU)
class ClientCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @BeforeEach
    void needsTheLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private Path run(String... args) throws Exception {
        CliProcess cli = CliProcess.start(work, args);
        assertEquals(0, cli.waitFor(300), cli.stderr());
        return RunFolderWait.runFolder(work.resolve("out"));
    }

    private static List<Long> times(TimeSeries.Rows rows) {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ms.add(rows.elapsedMs(i));
        }
        return ms;
    }

    private static final int CURLS = 300;

    @Test
    void threeHundredCurlsWithoutReuseLeaveThreeHundredTimeWaitOnTheClient() throws Exception {
        // 300, not 1,000: each curl is a process of its own, about 35 ms of CPU here, and the count
        // the kernel fixes is the same one per curl.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl");
        Path runDir = run("run", "--protocol", "http1", "--no-drain", "--duration", "120s", "--out", "out",
                "--client-cmd", "for i in $(seq 1 " + CURLS + "); do curl -s -o /dev/null http://{server}:{port}/; done");
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals(CURLS, summary.at("/server/accepted").asLong(), "one connection per curl: " + summary);
        assertEquals(CURLS, summary.at("/completed").asLong(), "twbench's server answered every one");
        assertEquals(CURLS, summary.at("/requests").asLong());
        // curl closes first after its response: every connection leaves its TIME_WAIT on the client.
        assertEquals(CURLS, summary.at("/timeWait/client/entered").asLong(), summary.toString());
        assertEquals(0, summary.at("/timeWait/server/entered").asLong());
        assertTrue(summary.at("/loadSeconds").asDouble() < 120, "the load ended with the command");
        assertTrue(Files.exists(runDir.resolve("client-cmd.log")));
    }

    @Test
    void wrkAgainstNginxIsObservedOnBothSidesEveryInterval() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/wrk")), "needs wrk (apt-get install wrk)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "needs nginx (apt-get install nginx-light)");
        Path conf = Path.of("").toAbsolutePath().getParent().resolve("examples/nginx/nginx.conf");
        assumeTrue(Files.exists(conf), "examples/nginx/nginx.conf beside the modules: " + conf);
        Path runDir = run("run", "--no-drain", "--duration", "30s", "--out", "out",
                "--server-cmd", "exec /usr/sbin/nginx -c " + conf + " -e stderr -g 'daemon off; pid {dir}/nginx.pid;'",
                "--client-cmd", "wrk -c 8 -t 1 -d 2s http://{server}:{port}/");
        TimeSeries series = TimeSeries.read(runDir.resolve("timeseries.csv"));
        List<Long> clientMs = times(series.rows(Side.CLIENT));
        assertEquals(clientMs, times(series.rows(Side.SERVER)), "a row of each side at every interval");
        assertTrue(clientMs.size() >= 20, clientMs.size() + " intervals over wrk's 2 s");
        String wrk = Files.readString(runDir.resolve("client-cmd.log"));
        assertTrue(wrk.contains("Requests/sec"), "wrk's own report is in the run folder: " + wrk);
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        long opened = summary.at("/counters/client/totals/activeOpenCount").asLong();
        assertTrue(opened >= 8, "wrk's 8 connections at least: " + opened);
        assertEquals(opened, summary.at("/completed").asLong(), "neither side is twbench's: the kernel counts");
        assertEquals(opened, summary.at("/counters/server/totals/passiveOpenCount").asLong());
        JsonNode run = JSON.readTree(runDir.resolve("run.json").toFile());
        assertEquals("command", run.at("/lab/client/runs").asText());
        assertEquals("command", run.at("/lab/server/serves").asText());
    }
}
