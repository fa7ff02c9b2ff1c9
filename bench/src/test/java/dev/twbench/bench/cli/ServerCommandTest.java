package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code run --server-cmd}: the user's own server (here Debian's nginx) inside the server namespace,
 * twbench's client churning connections to it (connect-only and HTTP/1.1), and the command ended,
 * with everything it started, however the run ends.
 */
// The loads hold the CPU lock, each test on its own: the command that fails to start and the killed
// orchestrator mostly wait, and run beside the other classes' loads.
class ServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path nginxConf;

    @BeforeEach
    void needsTheLabAndNginx() throws IOException {
        LabRequirements.assumeNamespaceLab();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "needs nginx (apt-get install nginx-light)");
        // The shipped example: listens on every address of the server namespace, port 7000
        // (--server-port's default); answers / and /close with 200 and anything else with 404.
        nginxConf = example("nginx/nginx.conf");
    }

    private static Path example(String file) {
        return Path.of("").toAbsolutePath().getParent().resolve("examples").resolve(file);
    }

    private String nginx(String before) {
        return before + "exec /usr/sbin/nginx -c " + nginxConf + " -e stderr -g 'daemon off; pid {dir}/nginx.pid;'";
    }

    @Test
    @ResourceLock(LoadLock.CPU)
    void connectChurnAgainstNginxLeavesTimeWaitOnTheClientAndNothingRunningAfter() throws Exception {
        CliProcess cli = CliProcess.start(work, "run", "--server-cmd", nginx(""), "--protocol", "connect",
                "--close", "client-first", "--rate", "500", "--duration", "2s", "--no-drain", "--warmup", "0s",
                "--out", "out");
        assertEquals(0, cli.waitFor(180), cli.stderr());
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        long completed = summary.at("/completed").asLong();
        assertEquals(1000, summary.at("/attemptsDue").asLong());
        assertTrue(completed > 0, "connections were made");
        assertEquals(summary.at("/attemptsStarted").asLong(), completed, "every attempt started completed");
        assertEquals(0, summary.at("/failed").asLong(), summary.toString());
        assertEquals(completed, summary.at("/timeWait/client/entered").asLong(), "the client closed first");
        assertEquals(0, summary.at("/timeWait/server/entered").asLong());

        JsonNode lab = JSON.readTree(runDir.resolve("run.json").toFile()).at("/lab/server");
        assertEquals("command", lab.at("/serves").asText());
        assertTrue(lab.at("/serverCommand").asText().contains("pid " + runDir.toAbsolutePath() + "/nginx.pid"),
                "run.json has the command as run, {dir} filled in: " + lab);
        assertTrue(lab.at("/serverCommandPid").asLong() > 1, lab.toString());
        assertTrue(Files.exists(runDir.resolve("server-cmd.log")));
        assertFalse(running(lab.at("/serverCommandPid").asLong()), "the command ended with the run");
    }

    private JsonNode httpRun(String... options) throws Exception {
        return httpRunAgainst(nginx(""), options);
    }

    private JsonNode httpRunAgainst(String serverCommand, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--server-cmd", serverCommand, "--protocol", "http1",
                "--no-drain", "--warmup", "0s", "--out", "out"));
        args.addAll(List.of(options));
        CliProcess cli = CliProcess.start(work, args.toArray(String[]::new));
        assertEquals(0, cli.waitFor(180), cli.stderr());
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        Files.move(runDir, work.resolve("done-" + runDir.getFileName())); // the next run's folder is the only one
        return summary;
    }

    private static long entered(JsonNode summary, String side) {
        return summary.at("/timeWait/" + side + "/entered").asLong();
    }

    @Test
    @ResourceLock(LoadLock.CPU)
    void nginxHoldsTimeWaitWhenItClosesFirstAndTheClientWhenItDoes() throws Exception {
        JsonNode serverFirst = httpRun("--close", "server-first", "--rate", "1000", "--duration", "2s");
        long completed = serverFirst.at("/completed").asLong();
        assertEquals(2000, serverFirst.at("/attemptsDue").asLong());
        assertEquals(serverFirst.at("/attemptsStarted").asLong(), completed, serverFirst.toString());
        assertEquals(0, serverFirst.at("/failed").asLong(), serverFirst.toString());
        assertEquals(completed, serverFirst.at("/requests").asLong());
        // The last request said Connection: close, so nginx closed first: TIME_WAIT is nginx's.
        assertTrue(Math.abs(entered(serverFirst, "server") - completed) <= completed / 20,
                "server TW " + entered(serverFirst, "server") + " of " + completed);
        assertEquals(0, entered(serverFirst, "client"));

        JsonNode clientFirst = httpRun("--close", "client-first", "--rate", "1000", "--duration", "2s");
        assertEquals(0, clientFirst.at("/failed").asLong(), clientFirst.toString());
        assertEquals(clientFirst.at("/completed").asLong(), entered(clientFirst, "client"));
        assertEquals(0, entered(clientFirst, "server"));
    }

    /**
     * keepalive_timeout 0 (the example's /close): nginx closes right after its response, so it
     * holds the TIME_WAIT although the client's close order is client-first. The client closes
     * after the whole body, and now and then its FIN leaves before nginx's arrives: a run at
     * 1,000/s had 958 on the server and 41 on the client of 999, none on both.
     */
    @Test
    @ResourceLock(LoadLock.CPU)
    void withKeepaliveTimeoutZeroNginxClosesFirstAndHoldsTheTimeWaitWhateverTheClientsOrder() throws Exception {
        JsonNode s = httpRun("--close", "client-first", "--http-path", "/close", "--rate", "1000", "--duration", "1s");
        long completed = s.at("/completed").asLong();
        assertEquals(0, s.at("/failed").asLong(), s.toString());
        assertEquals(s.at("/attemptsStarted").asLong(), completed, s.toString());
        // Every connection left a TIME_WAIT on one side at least (both, had the FINs crossed).
        assertTrue(entered(s, "server") + entered(s, "client") >= completed, s.at("/timeWait").toString());
        // Who closes first is a race between nginx's close and the client's, so the bound is loose:
        // with keepalive_timeout 65 (the test above) the server holds none.
        assertTrue(entered(s, "server") > completed / 4, "server TW " + entered(s, "server") + " of " + completed);
    }

    @Test
    @ResourceLock(LoadLock.CPU)
    void aHundredRequestsPerConnectionLeaveAHundredTimesFewerTimeWait() throws Exception {
        JsonNode s = httpRun("--rate", "10", "--requests-per-connection", "100", "--duration", "3s");
        assertEquals(0, s.at("/failed").asLong(), s.toString());
        long requests = s.at("/requests").asLong();
        assertEquals(100 * s.at("/completed").asLong(), requests, "every connection carried its 100 requests");
        assertEquals(3000, 100 * s.at("/attemptsDue").asLong());
        long tw = entered(s, "client");
        assertTrue(Math.abs(tw - requests / 100) <= requests / 100 / 5, tw + " TIME_WAIT for " + requests + " requests");
    }

    @Test
    @ResourceLock(LoadLock.CPU)
    void aMissingPathFailsEveryAttemptAsHttp404() throws Exception {
        JsonNode s = httpRun("--http-path", "/missing", "--rate", "200", "--duration", "2s");
        assertEquals(0, s.at("/completed").asLong(), "nothing counted as completed");
        assertEquals(s.at("/attemptsStarted").asLong(), s.at("/failures/HTTP_404").asLong(), s.toString());
        assertEquals(s.at("/failed").asLong(), s.at("/failures/HTTP_404").asLong());
    }

    private JsonNode haproxyRun(String reuse) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "needs haproxy (apt-get install haproxy)");
        Path cfg = example("haproxy/haproxy.cfg");
        List<String> args = List.of("run", "--protocol", "http1", "--rate", "500", "--duration", "2s", "--no-drain",
                "--warmup", "0s", "--server-sysctl", "net.ipv4.ip_local_port_range=40000 40999",
                "--server-sysctl", "net.ipv4.tcp_tw_reuse=0", "--out", "out", "--server-cmd",
                "FRONTEND={address}:{port} BACKEND={backend} REUSE=" + reuse + " exec /usr/sbin/haproxy -db -f " + cfg);
        CliProcess cli = CliProcess.start(work, args.toArray(String[]::new));
        assertEquals(0, cli.waitFor(180), cli.stderr());
        Path runDir = RunFolderWait.runFolder(work.resolve("out"));
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        Files.move(runDir, work.resolve("done-" + runDir.getFileName()));
        return summary;
    }

    /**
     * HAProxy in front of twbench's server ({backend}), closing every backend connection after its
     * response: measured on HAProxy 2.6, it closes them with an RST (SO_LINGER 0, counted as
     * TCPAbortOnData in the server namespace), so its 1,000 ports never fill with TIME_WAIT.
     */
    @Test
    @ResourceLock(LoadLock.CPU)
    void haproxyClosingEveryBackendConnectionResetsItAndLeavesNoTimeWait() throws Exception {
        JsonNode s = haproxyRun("never");
        long requests = s.at("/requests").asLong();
        assertEquals(0, s.at("/failed").asLong(), s.toString());
        assertEquals(requests, s.at("/server/accepted").asLong(), "one backend connection per request");
        assertEquals(requests, s.at("/timeWait/server/abortOnData").asLong(), "each one reset by the proxy");
        assertEquals(0, s.at("/timeWait/server/entered").asLong(), s.toString());
        assertEquals(s.at("/completed").asLong(), s.at("/timeWait/client/entered").asLong(), "twbench closed first");
    }

    /**
     * With http-reuse the proxy opens a backend connection only when every open one is busy, so
     * how many it opens follows how many requests overlap: 53 for 1,000 requests in a CI build
     * (nginx below: 25 for 2,000 on a quiet machine). What does not depend on timing is that most requests ride a
     * connection opened for an earlier one; a quarter is far above any overlap seen here.
     */
    @Test
    @ResourceLock(LoadLock.CPU)
    void haproxyReusingBackendConnectionsSendsMostRequestsOverEarlierOnes() throws Exception {
        JsonNode s = haproxyRun("always");
        long backendConnections = s.at("/server/accepted").asLong();
        assertEquals(0, s.at("/failed").asLong(), s.toString());
        assertTrue(backendConnections > 0 && backendConnections * 4 < s.at("/requests").asLong(),
                backendConnections + " backend connections for " + s.at("/requests").asLong() + " requests");
        assertEquals(s.at("/requests").asLong(), s.at("/counters/server/totals/requestsCount").asLong(),
                "the backend answered every request");
    }

    /** nginx as a reverse proxy (examples/nginx/proxy.conf) in front of twbench's server, as HAProxy above. */
    private JsonNode nginxProxyRun(String path) throws Exception {
        Path conf = Path.of("").toAbsolutePath().getParent().resolve("examples/nginx/proxy.conf");
        return httpRunAgainst("BACKEND={backend} exec /usr/sbin/nginx -c " + conf
                        + " -e stderr -g 'daemon off; pid {dir}/nginx.pid;'",
                "--http-path", path, "--rate", "500", "--duration", "3s",
                "--server-sysctl", "net.ipv4.ip_local_port_range=40000 40999", "--server-sysctl", "net.ipv4.tcp_tw_reuse=0");
    }

    /**
     * nginx closes each backend connection itself once the response is read, so each leaves a
     * TIME_WAIT on one of the server namespace's 1,000 ports. Without tw_reuse a port is free
     * again only after 60 s: exactly 1,000 requests get through, and nginx answers every later
     * one with a 502.
     */
    @Test
    @ResourceLock(LoadLock.CPU)
    void aProxyClosingEveryBackendConnectionRunsOutOfPortsAndAnswers502() throws Exception {
        JsonNode s = nginxProxyRun("/");
        assertEquals(1500, s.at("/attemptsDue").asLong());
        assertEquals(1000, s.at("/completed").asLong(), s.toString());
        assertEquals(1000, entered(s, "server"), "one TIME_WAIT per backend connection, held by the proxy");
        assertEquals(s.at("/attemptsStarted").asLong() - 1000, s.at("/failures/HTTP_502").asLong(), s.toString());
        assertEquals(s.at("/failed").asLong(), s.at("/failures/HTTP_502").asLong());
    }

    @Test
    @ResourceLock(LoadLock.CPU)
    void aProxyKeepingBackendConnectionsDoesNotRunOut() throws Exception {
        JsonNode s = nginxProxyRun("/reuse");
        assertEquals(0, s.at("/failed").asLong(), s.toString());
        assertEquals(s.at("/attemptsStarted").asLong(), s.at("/completed").asLong());
        // As with HAProxy above: the count of backend connections follows overlap, so only "most reused" is asserted.
        assertTrue(s.at("/server/accepted").asLong() * 4 < s.at("/completed").asLong(),
                s.at("/server/accepted") + " backend connections for " + s.at("/completed") + " requests");
    }

    @Test
    void aCommandThatExitsBeforeListeningIsOneLineWithItsLogAndExitOne() throws Exception {
        CliProcess cli = CliProcess.start(work, "run", "--server-cmd", "echo no such config; exit 3",
                "--duration", "2s", "--out", "out");
        assertEquals(1, cli.waitFor(120), cli.stderr());
        String err = cli.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("status 3") && err.contains("no such config"), err);
        assertFalse(err.contains("\tat "), err);
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()), "the lab is gone");
    }

    @Test
    void aCommandThatNeverListensTimesOut() throws Exception {
        CliProcess cli = CliProcess.start(work, "run", "--server-cmd", "sleep 600", "--server-ready-timeout", "1s",
                "--duration", "2s", "--out", "out");
        assertEquals(1, cli.waitFor(120), cli.stderr());
        assertTrue(cli.stderr().contains("did not listen on 198.18.0.1:7000 within 1000 ms"), cli.stderr());
    }

    @Test
    void whatTheCommandStartedEndsSoonAfterItsOrchestratorIsKilled() throws Exception {
        // A child outside nginx (a sleep in the background) and nginx's own worker: neither may outlive the run.
        CliProcess cli = CliProcess.start(work, "run", "--server-cmd", nginx("sleep 600 & echo $! > {dir}/sleep.pid; "),
                "--protocol", "connect", "--rate", "200", "--duration", "60s", "--warmup", "0s", "--out", "out");
        Path runDir = RunFolderWait.runFolderWithRows(work.resolve("out"), 2 * 10);
        long nginxPid = Long.parseLong(Files.readString(runDir.resolve("nginx.pid")).strip());
        long sleepPid = Long.parseLong(Files.readString(runDir.resolve("sleep.pid")).strip());
        assertTrue(running(nginxPid) && running(sleepPid));

        cli.signal("KILL");
        assertEquals(128 + 9, cli.waitFor(60));
        long goneNs = System.nanoTime();
        while ((running(nginxPid) || running(sleepPid)) && System.nanoTime() - goneNs < TimeUnit.SECONDS.toNanos(2)) {
            Thread.sleep(10);
        }
        assertFalse(running(nginxPid), "nginx still runs 2 s after its orchestrator was killed");
        assertFalse(running(sleepPid), "the command's background child still runs 2 s after");

        CliProcess next = CliProcess.start(work, "run", "--rate", "100", "--duration", "1s", "--no-drain",
                "--warmup", "0s", "--out", "next");
        assertEquals(0, next.waitFor(180), next.stderr());
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()), "the next start removed the lab");
    }

    /** Alive and not a zombie (a reparented orphan waits for init to reap it). */
    private static boolean running(long pid) {
        try {
            String stat = ProcFiles.read(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
