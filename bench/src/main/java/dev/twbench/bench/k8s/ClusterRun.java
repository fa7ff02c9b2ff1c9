package dev.twbench.bench.k8s;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the manifests are made of, every value checked: the number of client pods, the image, the
 * shared token, and the run as the orchestrator will be told it.
 *
 * <pre>{@code
 * ClusterRun run = new ClusterRun(3, "registry.example/twbench:0.1", Optional.empty(), Optional.empty(),
 *         SharedToken.generate(), List.of("--rate", "300"), 7000, 1, PodSysctls.none(), 32_000);
 * K8sManifests.of(run);
 * }</pre>
 *
 * @param clients         client pods, one client agent each: the Indexed Job's completions and parallelism
 * @param image           the image every pod runs (the repository's Dockerfile)
 * @param namespace       the namespace of every object, or none: kubectl's current one
 * @param resultsClaim    the PersistentVolumeClaim the orchestrator writes its results to, or none: an
 *                        emptyDir, gone with the pod
 * @param token           the shared secret, as the agents and the orchestrator read it from the file
 * @param runArgs         the user's run options for the orchestrator, as given, without the sysctl flags
 * @param serverPort      the first port the server listens on, as the run parsed it
 * @param serverPortCount how many consecutive ports it listens on
 * @param sysctls         each side's sysctls, for the pods' securityContext
 * @param plannedRunMs    warm-up, load and drain as planned: how long the client pods can expect to serve
 */
public record ClusterRun(int clients, String image, Optional<String> namespace, Optional<String> resultsClaim,
        String token, List<String> runArgs, int serverPort, int serverPortCount, PodSysctls sysctls,
        long plannedRunMs) {
    public static final int MAX_CLIENTS = 1000;
    /** A DNS-1123 label, what a namespace's name must be. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A DNS-1123 subdomain, what a claim's name must be. */
    private static final Pattern SUBDOMAIN = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?"
            + "(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public ClusterRun {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw InvalidScenarioException.of("--clients", clients, "must be a whole number from 1 to " + MAX_CLIENTS);
        }
        if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw InvalidScenarioException.of("--image", image, "must be an image reference such as"
                    + " registry.example/twbench:0.1, without spaces");
        }
        namespace.filter(n -> !LABEL.matcher(n).matches()).ifPresent(n -> {
            throw InvalidScenarioException.of("--namespace", n, "must be a Kubernetes namespace name: at most 63"
                    + " lower-case letters, digits and '-', starting and ending with a letter or digit");
        });
        resultsClaim.filter(c -> !SUBDOMAIN.matcher(c).matches()).ifPresent(c -> {
            throw InvalidScenarioException.of("--results-claim", c, "must be a PersistentVolumeClaim name: lower-case"
                    + " letters, digits, '-' and '.', at most 253");
        });
        if (serverPort < 1) {
            throw InvalidScenarioException.of("--server-port", serverPort, "must be a fixed port from 1 to 65535 on"
                    + " Kubernetes, where the server's Service names it (--lab host leaves it to the kernel)");
        }
        runArgs = List.copyOf(runArgs);
    }
}
