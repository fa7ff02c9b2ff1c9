package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code k8s --clients 3} with run options and sysctls writes manifests that, read back with
 * fabric8's model, carry everything the run needs: the agents where the orchestrator looks for
 * them, the token in every pod, each side's sysctls in its own pods.
 */
class K8sCommandTest {
    private static final String IMAGE = "registry.example/twbench:0.1";
    private static final String TOKEN = "0123456789abcdef-not-so-secret\n";
    /** The run options as the user gives them, sysctls among them. */
    private static final List<String> RUN_OPTIONS = List.of("--rate", "300", "--duration", "30s",
            "--client-sysctl", "net.ipv4.tcp_tw_reuse=1", "--server-ports", "2",
            "--client-sysctl=net.ipv4.ip_local_port_range=40000 44999", "--name", "k8s-check",
            "--server-sysctl", "net.ipv4.tcp_max_tw_buckets=1000", "--sysctl", "net.ipv4.tcp_fin_timeout=5",
            "--http-path", "/a:b#c,[x]{y}&z*");
    /** What the orchestrator must get of them: all but the sysctl flags, in order. */
    private static final List<String> PASSED_THROUGH = List.of("--rate", "300", "--duration", "30s",
            "--server-ports", "2", "--name", "k8s-check", "--http-path", "/a:b#c,[x]{y}&z*");
    private static final String[] CLIENT_AGENTS = {"twbench-client-0.twbench-clients:7070",
            "twbench-client-1.twbench-clients:7070", "twbench-client-2.twbench-clients:7070"};
    /** A mapper of its own, not the one k8s writes with: the files must read back as plain YAML. */
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @TempDir
    static Path work;
    private static Path out;
    private static InProcessCli result;
    private static Secret secret;
    private static Service serverService;
    private static Deployment server;
    private static Service clientService;
    private static Job clients;
    private static Job orchestrator;

    @BeforeAll
    static void writeTheManifests() throws IOException {
        out = work.resolve("k8s");
        Path token = Files.writeString(work.resolve("token"), TOKEN);
        List<String> args = new ArrayList<>(List.of("k8s", "--clients", "3", "--image", IMAGE, "--out", out.toString(),
                "--token-file", token.toString()));
        args.addAll(RUN_OPTIONS);
        result = InProcessCli.execute(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.toString());
        secret = read("01-secret-twbench-token.yaml", Secret.class);
        serverService = read("02-service-twbench-server.yaml", Service.class);
        server = read("03-deployment-twbench-server.yaml", Deployment.class);
        clientService = read("04-service-twbench-clients.yaml", Service.class);
        clients = read("05-job-twbench-client.yaml", Job.class);
        orchestrator = read("06-job-twbench-run.yaml", Job.class);
    }

    @Test
    void printsThePathOfEachFileItWroteAndANoteNamingTheUnsafeSysctls() throws IOException {
        List<String> lines = result.out().lines().toList();
        List<String> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.map(Path::toString).sorted().toList();
        }
        assertEquals(6, files.size(), files.toString());
        assertEquals(files, lines.subList(0, 6));
        assertEquals(7, lines.size(), result.toString());
        String note = lines.get(6);
        assertTrue(note.startsWith("note: ") && note.contains("net.ipv4.tcp_max_tw_buckets, net.ipv4.tcp_tw_reuse")
                && note.contains("--allowed-unsafe-sysctls"), note);
        assertFalse(note.contains("ip_local_port_range") || note.contains("tcp_fin_timeout"), "safe ones: " + note);
        assertEquals("", result.err());
    }

    @Test
    void indexedJobRunsOneClientAgentPerIndex() {
        assertEquals("Indexed", clients.getSpec().getCompletionMode());
        assertEquals(3, clients.getSpec().getCompletions());
        assertEquals(3, clients.getSpec().getParallelism());
        PodSpec pod = clients.getSpec().getTemplate().getSpec();
        assertEquals("twbench-clients", pod.getSubdomain());
        assertEquals("Never", pod.getRestartPolicy());
        Container agent = only(clients.getSpec().getTemplate());
        assertEquals(List.of("java", "-jar", "/opt/twbench/benchmarks.jar"), agent.getCommand());
        assertEquals(List.of("agent", "--listen", "0.0.0.0:7070", "--token-file", "/etc/twbench/token", "--runs", "1"),
                agent.getArgs());
        assertEquals(IMAGE, agent.getImage());
    }

    @Test
    void headlessServiceSelectsTheClientPodsUnderTheirSubdomain() {
        assertEquals("None", clientService.getSpec().getClusterIP());
        assertEquals(clients.getSpec().getTemplate().getSpec().getSubdomain(), clientService.getMetadata().getName());
        assertSelects(clientService, clients.getSpec().getTemplate());
        assertFalse(selects(clientService, server.getSpec().getTemplate()), "only the client pods");
        assertFalse(selects(clientService, orchestrator.getSpec().getTemplate()), "only the client pods");
    }

    @Test
    void orchestratorRunsTheRunAgainstEveryAgentInIndexOrderWithTheUsersOptions() {
        Container run = only(orchestrator.getSpec().getTemplate());
        assertEquals(List.of("java", "-jar", "/opt/twbench/benchmarks.jar"), run.getCommand());
        List<String> expected = new ArrayList<>(List.of("run", "--server-agent", "twbench-server:7070",
                "--client-agent", CLIENT_AGENTS[0], "--client-agent", CLIENT_AGENTS[1], "--client-agent", CLIENT_AGENTS[2],
                "--token-file", "/etc/twbench/token", "--agent-wait", "300s", "--out", "/results"));
        expected.addAll(PASSED_THROUGH);
        assertEquals(expected, run.getArgs());
        assertTrue(run.getArgs().stream().noneMatch(a -> a.contains("sysctl")), "sysctls are the pods': " + run.getArgs());
        assertEquals("Never", orchestrator.getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    @Test
    void resultsGoToAnEmptyDirAtResultsWithoutAClaim() {
        PodSpec pod = orchestrator.getSpec().getTemplate().getSpec();
        VolumeMount mount = only(orchestrator.getSpec().getTemplate()).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/results")).findFirst().orElseThrow();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
        assertTrue(volume.getEmptyDir() != null && volume.getPersistentVolumeClaim() == null, volume.toString());
    }

    @Test
    void theSecretHoldsTheTokenAndEveryPodMountsItReadOnly() {
        assertEquals(TOKEN, new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8));
        for (PodTemplateSpec template : templates()) {
            Volume volume = template.getSpec().getVolumes().stream()
                    .filter(v -> v.getSecret() != null && "twbench-token".equals(v.getSecret().getSecretName()))
                    .findFirst().orElseThrow(() -> new AssertionError("no token volume in " + template));
            VolumeMount mount = only(template).getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow();
            assertEquals("/etc/twbench", mount.getMountPath());
            assertEquals(Boolean.TRUE, mount.getReadOnly());
        }
    }

    @Test
    void eachSidesSysctlsLandInItsOwnPodsAndNoneInTheOrchestrators() {
        assertEquals(Map.of("net.ipv4.tcp_fin_timeout", "5", "net.ipv4.tcp_tw_reuse", "1",
                "net.ipv4.ip_local_port_range", "40000 44999"), sysctls(clients.getSpec().getTemplate()));
        assertEquals(Map.of("net.ipv4.tcp_fin_timeout", "5", "net.ipv4.tcp_max_tw_buckets", "1000"),
                sysctls(server.getSpec().getTemplate()));
        assertNull(orchestrator.getSpec().getTemplate().getSpec().getSecurityContext());
    }

    /** The API server refuses a number where a string belongs: "1", not 1. */
    @Test
    void sysctlValuesAndArgsAreYamlStringsEvenWhereTheyLookLikeNumbers() throws IOException {
        JsonNode pod = YAML.readTree(Files.readString(out.resolve("05-job-twbench-client.yaml")))
                .path("spec").path("template").path("spec");
        for (JsonNode sysctl : pod.path("securityContext").path("sysctls")) {
            assertTrue(sysctl.path("value").isString(), sysctl.toString());
        }
        JsonNode args = YAML.readTree(Files.readString(out.resolve("06-job-twbench-run.yaml")))
                .path("spec").path("template").path("spec").path("containers").path(0).path("args");
        args.forEach(a -> assertTrue(a.isString(), a.toString()));
    }

    @Test
    void theServerServiceExposesTheControlPortAndEveryServerPort() {
        assertEquals(List.of(7070, 7000, 7001), serverService.getSpec().getPorts().stream().map(ServicePort::getPort)
                .toList());
        assertEquals("twbench-server", serverService.getMetadata().getName());
        assertSelects(serverService, server.getSpec().getTemplate());
        assertFalse(selects(serverService, clients.getSpec().getTemplate()), "only the server pod");
        assertEquals(1, server.getSpec().getReplicas());
        assertEquals(List.of("agent", "--listen", "0.0.0.0:7070", "--token-file", "/etc/twbench/token"),
                only(server.getSpec().getTemplate()).getArgs());
    }

    @Test
    void everyObjectIsLabelledAndEachPodWithItsComponent() {
        for (HasMetadata o : List.of(secret, serverService, server, clientService, clients, orchestrator)) {
            assertEquals("twbench", o.getMetadata().getLabels().get("app.kubernetes.io/name"), o.getKind());
            assertNull(o.getMetadata().getNamespace(), "no namespace unless --namespace");
        }
        assertEquals(List.of("server", "client", "orchestrator"), templates().stream()
                .map(t -> t.getMetadata().getLabels().get("app.kubernetes.io/component")).toList());
    }

    @Test
    void aNamespaceAndAResultsClaimGoWhereTheySay() throws IOException {
        Path dir = work.resolve("named");
        InProcessCli named = InProcessCli.execute("k8s", "--clients", "1", "--image", IMAGE, "--out", dir.toString(),
                "--namespace", "bench", "--results-claim", "twbench-results");
        assertEquals(0, named.exitCode(), named.toString());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertEquals("bench", YAML.readTree(Files.readString(file)).path("metadata").path("namespace").asString(),
                        file.toString());
            }
        }
        Job run = YAML.readValue(Files.readString(dir.resolve("06-job-twbench-run.yaml")), Job.class);
        assertEquals("bench", run.getMetadata().getNamespace());
        assertTrue(run.getSpec().getTemplate().getSpec().getVolumes().stream().anyMatch(v ->
                v.getPersistentVolumeClaim() != null && "twbench-results".equals(v.getPersistentVolumeClaim().getClaimName())));
        Secret generated = YAML.readValue(Files.readString(dir.resolve("01-secret-twbench-token.yaml")), Secret.class);
        String token = new String(Base64.getDecoder().decode(generated.getData().get("token")), StandardCharsets.UTF_8);
        assertTrue(token.matches("[0-9a-f]{64}"), "32 random bytes as hex: " + token);
        assertEquals(List.of("run", "--server-agent", "twbench-server:7070", "--client-agent", CLIENT_AGENTS[0],
                "--token-file", "/etc/twbench/token", "--agent-wait", "300s", "--out", "/results"),
                only(run.getSpec().getTemplate()).getArgs());
    }

    private static <T> T read(String file, Class<T> type) throws IOException {
        return YAML.readValue(Files.readString(out.resolve(file)), type);
    }

    private static List<PodTemplateSpec> templates() {
        return List.of(server.getSpec().getTemplate(), clients.getSpec().getTemplate(),
                orchestrator.getSpec().getTemplate());
    }

    private static Container only(PodTemplateSpec template) {
        assertEquals(1, template.getSpec().getContainers().size());
        return template.getSpec().getContainers().get(0);
    }

    private static Map<String, String> sysctls(PodTemplateSpec template) {
        return template.getSpec().getSecurityContext().getSysctls().stream()
                .collect(Collectors.toMap(Sysctl::getName, Sysctl::getValue, (a, b) -> b, LinkedHashMap::new));
    }

    private static void assertSelects(Service service, PodTemplateSpec pods) {
        assertFalse(service.getSpec().getSelector().isEmpty());
        assertTrue(selects(service, pods), service.getSpec().getSelector() + " vs " + pods.getMetadata().getLabels());
    }

    private static boolean selects(Service service, PodTemplateSpec pods) {
        return pods.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet());
    }
}
