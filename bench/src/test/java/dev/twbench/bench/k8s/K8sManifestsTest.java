package dev.twbench.bench.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest set in memory: what each pod runs is readable as one command line, the files read
 * back to the same objects, and the image the Dockerfile builds has the jar where the pods run it.
 */
class K8sManifestsTest {
    private static final ClusterRun RUN = new ClusterRun(2, "registry.example/twbench:0.1", Optional.of("bench"),
            Optional.empty(), "0123456789abcdef0123", List.of("--rate", "300", "--close", "server-first"), 7100, 3,
            new PodSysctls(Map.of("net.ipv4.tcp_tw_reuse", "1"), Map.of()), 97_000);

    @TempDir
    Path dir;

    @Test
    void eachPodsCommandLineIsJavaOnTheImagesJarWithItsTwbenchCommand() {
        K8sManifests manifests = K8sManifests.of(RUN);
        assertEquals(List.of("java", "-jar", "/opt/twbench/benchmarks.jar", "agent", "--listen", "0.0.0.0:7070",
                "--token-file", "/etc/twbench/token"), manifests.pod(Component.SERVER).line());
        assertEquals(List.of("java", "-jar", "/opt/twbench/benchmarks.jar", "agent", "--listen", "0.0.0.0:7070",
                "--token-file", "/etc/twbench/token", "--runs", "1"), manifests.pod(Component.CLIENT).line());
        assertEquals(List.of("java", "-jar", "/opt/twbench/benchmarks.jar", "run", "--server-agent", "twbench-server:7070",
                "--client-agent", "twbench-client-0.twbench-clients:7070",
                "--client-agent", "twbench-client-1.twbench-clients:7070",
                "--token-file", "/etc/twbench/token", "--agent-wait", "300s", "--out", "/results",
                "--rate", "300", "--close", "server-first"), manifests.pod(Component.ORCHESTRATOR).line());
        assertEquals(Map.of(), manifests.pod(Component.CLIENT).env(), "JOB_COMPLETION_INDEX is Kubernetes' to set");
        assertEquals(Map.of("net.ipv4.tcp_tw_reuse", "1"), manifests.sysctls(Component.CLIENT));
        assertEquals(Map.of(), manifests.sysctls(Component.SERVER));
        assertEquals(Map.of(), manifests.sysctls(Component.ORCHESTRATOR));
    }

    /** What a rehearsal without Kubernetes does: the image's paths and the pods' names swapped for local ones. */
    @Test
    void aPodCommandTakesLocalPathsAndAddressesInPlaceOfTheImagesAndThePods() {
        PodCommand run = K8sManifests.of(RUN).pod(Component.ORCHESTRATOR)
                .replace(ImageLayout.JAR, "/build/benchmarks.jar")
                .replace(ImageLayout.TOKEN_FILE, "/tmp/token")
                .replace(ImageLayout.RESULTS_DIR, "/tmp/results")
                .replace(K8sNames.serverAgent(), "198.18.0.1:7070")
                .replace(K8sNames.clientAgent(0), "198.18.0.2:7070")
                .replace(K8sNames.clientAgent(1), "198.18.0.3:7070");
        assertEquals(List.of("java", "-jar", "/build/benchmarks.jar", "run", "--server-agent", "198.18.0.1:7070",
                "--client-agent", "198.18.0.2:7070", "--client-agent", "198.18.0.3:7070", "--token-file", "/tmp/token",
                "--agent-wait", "300s", "--out", "/tmp/results", "--rate", "300", "--close", "server-first"), run.line());
    }

    @Test
    void theFilesReadBackToTheSameObjectsInTheOrderToApplyThem() throws IOException {
        K8sManifests manifests = K8sManifests.of(RUN);
        List<Path> written = ManifestFiles.write(manifests, dir);
        assertEquals(List.of("01-secret-twbench-token.yaml", "02-service-twbench-server.yaml",
                "03-deployment-twbench-server.yaml", "04-service-twbench-clients.yaml", "05-job-twbench-client.yaml",
                "06-job-twbench-run.yaml"), written.stream().map(p -> p.getFileName().toString()).toList());
        List<HasMetadata> back = ManifestFiles.read(dir);
        assertEquals(manifests.objects(), back);
        assertEquals(manifests, K8sManifests.of(back));
        assertEquals(ManifestFiles.render(manifests), ManifestFiles.render(K8sManifests.of(back)), "the same text again");
    }

    @Test
    void theServerListensOnEveryPortOfTheRunAndTheClientJobOutlivesTheRunOnlyByItsSlack() {
        K8sManifests manifests = K8sManifests.of(RUN);
        assertEquals(List.of(7070, 7100, 7101, 7102), manifests.serverService().getSpec().getPorts().stream()
                .map(p -> p.getPort()).toList());
        // 300 s of agent wait, the run's 97 s, 600 s for pulling and starting.
        assertEquals(997L, manifests.clients().getSpec().getActiveDeadlineSeconds());
        manifests.objects().forEach(o -> assertEquals("bench", o.getMetadata().getNamespace(), o.getKind()));
    }

    @Test
    void theDockerfilePutsTheJarWhereThePodsRunIt() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("Dockerfile"))) {
            root = root.getParent();
        }
        List<String> lines = Files.readAllLines(root.resolve("Dockerfile"));
        List<String> instructions = new ArrayList<>();
        lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(instructions::add);
        assertTrue(lines.get(0).startsWith("#") && String.join("\n", lines).contains("outside this project's CI"),
                "says where the image is built");
        assertTrue(instructions.stream().anyMatch(l -> l.matches("COPY --from=\\S+ \\S*/benchmarks\\.jar "
                + ImageLayout.JAR)), String.join("\n", instructions));
        assertTrue(instructions.contains("ENTRYPOINT [\"" + String.join("\", \"", ImageLayout.JAVA) + "\"]"),
                String.join("\n", instructions));
    }
}
