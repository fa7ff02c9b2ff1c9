package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.FleetPlan;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs across hosts, each "host" a network namespace on a bridge running {@code twbench agent
 * --listen}, the orchestrator in a namespace of its own, every process a real twbench CLI. The
 * agents are started once and serve every test's run, as long-lived agents do; a test that kills
 * one starts it again. The runs whose timing or counts a busy machine could move hold the CPU
 * lock; the refused token and the killed orchestrator (light loads, then waiting) run beside others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CLIENTS = List.of("client-1", "client-2", "client-3");
    private static final int PORTS = 1_000;
    private static final int RATE_PER_CLIENT = 150;

    @TempDir
    static Path work;
    private static BridgedHosts hosts;
    private static Path token;
    private static final Map<String, CliProcess> agents = new HashMap<>();

    @BeforeAll
    static void startTheAgents() throws Exception {
        LabRequirements.assumeNamespaceLab();
        hosts = BridgedHosts.create("server", "client-1", "client-2", "client-3", "orchestrator");
        token = Files.writeString(work.resolve("token"), "fleet-test-token-0123456789abcdef\n");
        for (String host : List.of("server", "client-1", "client-2", "client-3")) {
            agents.put(host, startAgent(host));
        }
        for (String host : agents.keySet()) {
            awaitListening(host);
        }
    }

    @AfterAll
    static void endTheAgents() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    @ResourceLock(LoadLock.CPU) // the clients keep their schedules: when they run out is timed
    void threeClientHostsWithAThousandPortsEachRunOutWhenThePlanSays() throws Exception {
        CliProcess run = orchestrate("--rate", Integer.toString(RATE_PER_CLIENT * CLIENTS.size()), "--duration", "8s",
                "--client-port-range", "40000-40999", "--client-sysctl", "net.ipv4.tcp_tw_reuse=0");
        assertEquals(0, run.waitFor(120), run.stderr() + run.stdout());
        Path dir = runFolder(run);
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());

        // plan's fleet: 450/s over 3 client hosts of 1,000 ports each, no reuse: when each host runs out.
        double plannedSeconds = FleetPlan.of(CapacityInputs.builder().closeOrder(CloseOrder.CLIENT_FIRST)
                .rateCps((double) RATE_PER_CLIENT * CLIENTS.size()).loadSeconds(8).clientBind(ClientBind.NONE)
                .ephemeralPorts(PORTS).loopback(false).twReuse(0).build(), CLIENTS.size()).perHost().runsOutSeconds();
        assertEquals(6.67, plannedSeconds, 0.01);
        long completedSum = 0;
        for (String client : CLIENTS) {
            JsonNode host = summary.path("hosts").path(client);
            double ranOut = host.path("firstFailureSecond").asDouble();
            assertEquals(plannedSeconds, ranOut, plannedSeconds * 0.10, client + " ran out at " + ranOut + " s");
            assertEquals(PORTS, host.path("completed").asLong(), client + ": one connection per port");
            assertEquals(Set.of("EADDRNOTAVAIL"), fieldNames(host.path("failures")), client);
            assertEquals(RATE_PER_CLIENT, host.path("targetRateCps").asLong());
            completedSum += host.path("completed").asLong();
        }
        assertEquals(completedSum, summary.path("fleet").path("completed").asLong(), "the fleet is the sum of its hosts");
        assertEquals(completedSum, summary.path("hosts").path("server").path("completed").asLong(),
                "the server completed each of them");

        // timeseries.csv: a row per host per interval, named by host.
        assertEquals(List.of("server", "client-1", "client-2", "client-3"), sides(dir.resolve("timeseries.csv")));
        // run.json: each agent's clock, measured.
        JsonNode lab = JSON.readTree(dir.resolve("run.json").toFile()).path("lab");
        for (String host : List.of("server", "client-1", "client-2", "client-3")) {
            assertTrue(lab.path(host).path("clock").path("roundTripUs").asLong() > 0, host);
        }
        // --client-sysctl: set by each client agent (started with --allow-sysctl) on its host, as read back.
        for (String client : CLIENTS) {
            assertEquals("0", lab.path(client).path("sysctls").path("net.ipv4.tcp_tw_reuse").asText(), client);
        }
        assertEquals(0, lab.path("server").path("sysctls").size());
        // The merged latency log: every merged interval is its hosts' intervals added, exactly.
        Map<String, Histogram> byTag = histogramsByTag(dir.resolve("latency.hlog"));
        Histogram hostsAdded = new Histogram(byTag.get("cycle").getNumberOfSignificantValueDigits());
        CLIENTS.forEach(c -> hostsAdded.add(byTag.get(c + ".cycle")));
        assertEquals(hostsAdded.getTotalCount(), byTag.get("cycle").getTotalCount());
        assertEquals(hostsAdded.getValueAtPercentile(99), byTag.get("cycle").getValueAtPercentile(99));
        assertEquals(hostsAdded.getValueAtPercentile(99),
                summary.path("fleet").path("latencyUs").path("cycle").path("p99Us").asLong());
    }

    @Test
    @Order(2)
    void aWrongTokenIsRefusedAndNothingRuns() throws Exception {
        Path wrong = Files.writeString(work.resolve("wrong-token"), "not-the-fleet-token-at-all-9876\n");
        Path out = work.resolve("wrong-token-out");
        CliProcess run = hosts.start("orchestrator", work, "run", "--server-agent", agentAt("server"),
                "--client-agent", agentAt("client-1"), "--token-file", wrong.toString(), "--duration", "2s",
                "--out", out.toString());
        assertEquals(2, run.waitFor(60), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().contains("--token-file") && run.stderr().contains("wrong token"), run.stderr());
        assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "no run folder");
        assertTrue(agents.get("server").stderr().contains("refused " + hosts.address("orchestrator") + ": wrong token"),
                agents.get("server").stderr());
    }

    @Test
    @Order(3)
    @ResourceLock(LoadLock.CPU) // the clients keep their schedules: when they run out is timed
    void aClientAgentKilledMidRunIsNamedAndTheOthersGoOn() throws Exception {
        CliProcess run = orchestrate("--rate", "150", "--duration", "3s", "--on-agent-exit", "continue");
        awaitOutput(run, "1.0 s load");
        agents.get("client-2").signal("KILL");
        assertEquals(1, run.waitFor(120), "an agent exit is not a clean end: " + run.stdout());
        JsonNode summary = JSON.readTree(runFolder(run).resolve("summary.json").toFile());
        JsonNode exits = summary.path("agentExits");
        assertEquals(1, exits.size(), exits.toString());
        assertEquals("client-2", exits.get(0).path("side").asText());
        assertEquals("agent-exited", summary.path("outcome").path("kind").asText(), summary.toString());
        for (String alive : List.of("client-1", "client-3")) {
            assertEquals(150, summary.path("hosts").path(alive).path("completed").asLong(), alive + ": 50/s for 3 s");
        }
        assertTrue(summary.path("hosts").path("client-2").path("completed").asLong() < 150);
        agents.put("client-2", startAgent("client-2"));
        awaitListening("client-2");
    }

    @Test
    @Order(4)
    void anOrchestratorKilledLeavesTheAgentsIdleAndReadyWithinFiveSeconds() throws Exception {
        CliProcess run = orchestrate("--rate", "150", "--duration", "30s");
        awaitOutput(run, "1.0 s load");
        run.signal("KILL");
        long killedNs = System.nanoTime();
        run.waitFor(10);
        // The clients' namespaces open no more connections: their agents ended the run's load.
        long quietSinceNs = System.nanoTime();
        long opens = activeOpens();
        while (System.nanoTime() - quietSinceNs < 1_000_000_000L) {
            BridgedHosts.sleepMs(100);
            long now = activeOpens();
            if (now != opens) {
                opens = now;
                quietSinceNs = System.nanoTime();
            }
            assertTrue(System.nanoTime() - killedNs < 10_000_000_000L, "the clients still connect 10 s after");
        }
        double idleAfterSeconds = (quietSinceNs - killedNs) / 1e9;
        assertTrue(idleAfterSeconds < 5, "load stopped " + idleAfterSeconds + " s after the orchestrator died");
        // ...and serve the next run: this one's agents come from a plan file, its rate from the command line.
        Path plan = Files.writeString(work.resolve("fleet.yaml"), String.format("""
                name: fleet-from-plan
                run:
                  server-agent: %s
                  client-agent: [%s]
                  token-file: %s
                  rate: 900
                  duration: 1s
                  drain: false
                  out: %s
                """, agentAt("server"), String.join(", ", CLIENTS.stream().map(FleetRunTest::agentAt).toList()), token,
                work.resolve("planned")));
        CliProcess next = hosts.start("orchestrator", work, "run", "--plan", plan.toString(), "--rate", "30");
        assertEquals(0, next.waitFor(120), next.stderr() + next.stdout());
        Path planned = runFolder(next);
        assertTrue(planned.getFileName().toString().endsWith("-fleet-from-plan"), planned.toString());
        JsonNode hostsRun = JSON.readTree(planned.resolve("summary.json").toFile()).path("hosts");
        for (String client : CLIENTS) {
            assertEquals(10, hostsRun.path(client).path("targetRateCps").asLong(), client + ": the command line's 30/s,"
                    + " split in three");
        }
    }

    /** TcpExt ActiveOpens of the three client hosts added (read through each agent's /proc/PID/net). */
    private static long activeOpens() throws IOException {
        long sum = 0;
        for (String client : CLIENTS) {
            List<String> snmp = Files.readAllLines(Path.of("/proc", Long.toString(agents.get(client).pid()), "net", "snmp"));
            for (int i = 0; i + 1 < snmp.size(); i++) {
                if (snmp.get(i).startsWith("Tcp:") && snmp.get(i + 1).startsWith("Tcp:")) {
                    List<String> names = List.of(snmp.get(i).split("\\s+"));
                    sum += Long.parseLong(snmp.get(i + 1).split("\\s+")[names.indexOf("ActiveOpens")]);
                    break;
                }
            }
        }
        return sum;
    }

    private static CliProcess orchestrate(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--server-agent", agentAt("server"), "--token-file",
                token.toString(), "--no-drain", "--out", work.resolve("out").toString()));
        for (String client : CLIENTS) {
            args.addAll(List.of("--client-agent", agentAt(client)));
        }
        args.addAll(List.of(options));
        return hosts.start("orchestrator", work, args.toArray(String[]::new));
    }

    private static String agentAt(String host) {
        return hosts.address(host) + ":7070";
    }

    private static CliProcess startAgent(String host) throws IOException {
        return hosts.start(host, work, "agent", "--listen", agentAt(host), "--token-file", token.toString(),
                "--allow-sysctl", "--name", host);
    }

    private static void awaitListening(String host) throws Exception {
        awaitOutput(agents.get(host), "listening on");
    }

    private static void awaitOutput(CliProcess p, String text) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!p.stdout().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in: " + p.stdout() + p.stderr());
            BridgedHosts.sleepMs(50);
        }
    }

    /** The run folder the orchestrator named on its console. */
    private static Path runFolder(CliProcess run) throws IOException {
        String line = run.stdout().lines().filter(l -> l.startsWith("results: ")).reduce((a, b) -> b).orElseThrow();
        return Path.of(line.substring("results: ".length()));
    }

    private static List<String> sides(Path csv) throws IOException {
        Set<String> sides = new LinkedHashSet<>();
        try (Stream<String> lines = Files.lines(csv)) {
            lines.skip(1).forEach(l -> sides.add(l.split(",", 3)[1]));
        }
        return List.copyOf(sides);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every interval of the log added up, per tag. */
    private static Map<String, Histogram> histogramsByTag(Path hlog) throws IOException {
        Map<String, Histogram> byTag = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
            Histogram interval = (Histogram) h;
            byTag.computeIfAbsent(interval.getTag(), t -> new Histogram(interval.getNumberOfSignificantValueDigits()))
                    .add(interval);
        }
        return byTag;
    }
}
