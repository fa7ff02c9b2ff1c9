package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.bench.k8s.Component;
import dev.twbench.bench.k8s.ImageLayout;
import dev.twbench.bench.k8s.K8sManifests;
import dev.twbench.bench.k8s.K8sNames;
import dev.twbench.bench.k8s.ManifestFiles;
import dev.twbench.bench.k8s.PodCommand;
import dev.twbench.loadgen.LabRequirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests of {@code twbench k8s}, rehearsed without Kubernetes: each pod's own container
 * command, as parsed back from the files written, run in a network namespace of its own (the
 * "pods" on a bridge), with the environment the Indexed Job gives each client
 * ({@code JOB_COMPLETION_INDEX}), the Secret's token in a file, and the pods' DNS names replaced by
 * the namespaces' addresses. Only the image's {@code java -jar} becomes this build's classpath.
 */
// No CPU lock: nothing here is timed, and every attempt is accounted for however busy the machine is.
class K8sRehearsalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 3;

    @TempDir
    Path work;

    @Test
    void theManifestsOwnCommandsCompleteATenSecondRunWithThreeClients() throws Exception {
        LabRequirements.assumeNamespaceLab();
        Path dir = work.resolve("k8s");
        InProcessCli written = InProcessCli.execute("k8s", "--clients", Integer.toString(CLIENTS), "--image",
                "registry.example/twbench:test", "--out", dir.toString(), "--rate", "300", "--duration", "10s",
                "--no-drain");
        assertEquals(0, written.exitCode(), written.toString());
        K8sManifests manifests = K8sManifests.of(ManifestFiles.read(dir));
        Path token = Files.write(work.resolve("token"),
                Base64.getDecoder().decode(manifests.secret().getData().get(ImageLayout.TOKEN_KEY)));
        Path results = Files.createDirectories(work.resolve("results"));

        List<String> pods = new ArrayList<>(List.of("server"));
        for (int i = 0; i < CLIENTS; i++) {
            pods.add("client-" + i);
        }
        pods.add("orchestrator");
        try (BridgedHosts hosts = BridgedHosts.create(pods.toArray(String[]::new))) {
            CliProcess server = start(hosts, "server", local(manifests.pod(Component.SERVER), hosts, token, results),
                    Map.of());
            List<CliProcess> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(start(hosts, "client-" + i, local(manifests.pod(Component.CLIENT), hosts, token, results),
                        Map.of("JOB_COMPLETION_INDEX", Integer.toString(i))));
            }
            // The orchestrator Job starts with the others: --agent-wait is what makes it wait for them.
            CliProcess run = start(hosts, "orchestrator", local(manifests.pod(Component.ORCHESTRATOR), hosts, token,
                    results), Map.of());
            assertEquals(0, run.waitFor(180), run.stderr() + run.stdout());
            for (CliProcess client : clients) {
                assertEquals(0, client.waitFor(30), "a client pod completes after its one run (--runs 1): "
                        + client.stderr());
            }
            assertTrue(server.stdout().contains("listening on 0.0.0.0:7070"), server.stdout());
            assertTrue(clients.get(2).stdout().contains("JOB_COMPLETION_INDEX 2"), clients.get(2).stdout());

            Path runDir;
            try (var dirs = Files.list(results)) {
                runDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
            assertEquals("completed", summary.path("outcome").path("kind").asText(), summary.toString());
            assertEquals(CLIENTS, summary.path("fleet").path("clients").asInt());
            long completed = 0;
            for (int i = 1; i <= CLIENTS; i++) {
                JsonNode client = summary.path("hosts").path("client-" + i);
                assertEquals(100, client.path("targetRateCps").asLong(), "300/s shared by 3");
                assertEquals(1_000, client.path("attemptsDue").asLong(), "100/s for 10 s: " + client);
                assertEquals(0, client.path("failed").asLong(), client.toString());
                assertTrue(client.path("completed").asLong() > 0, client.toString());
                completed += client.path("completed").asLong();
            }
            assertEquals(completed, summary.path("hosts").path("server").path("completed").asLong(),
                    "the server completed what the clients did");
            assertTrue(run.stdout().contains(String.format(Locale.ROOT, "fleet: 3 clients, completed %,d",
                    completed)), run.stdout());
        }
    }

    private static CliProcess start(BridgedHosts hosts, String pod, PodCommand command, Map<String, String> env)
            throws Exception {
        assertEquals(ImageLayout.JAVA, command.command(), "the image runs java -jar " + ImageLayout.JAR);
        return hosts.start(pod, Path.of(System.getProperty("java.io.tmpdir")), env, command.args().toArray(String[]::new));
    }

    /** The pod's command with the image's paths and the cluster's names made local. */
    private static PodCommand local(PodCommand pod, BridgedHosts hosts, Path token, Path results) {
        PodCommand local = pod.replace(ImageLayout.TOKEN_FILE, token.toString())
                .replace(ImageLayout.RESULTS_DIR, results.toString())
                .replace(K8sNames.serverAgent(), hosts.address("server") + ":" + K8sNames.CONTROL_PORT);
        for (int i = 0; i < CLIENTS; i++) {
            local = local.replace(K8sNames.clientAgent(i), hosts.address("client-" + i) + ":" + K8sNames.CONTROL_PORT);
        }
        return local;
    }
}
