package dev.twbench.bench.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest set of {@code twbench k8s}, as fabric8 model objects: built in memory from a
 * {@link ClusterRun}, or read back from the files {@link ManifestFiles} wrote.
 *
 * <pre>{@code
 * K8sManifests manifests = K8sManifests.of(run);
 * manifests.clients().getSpec().getCompletions();        // run.clients()
 * manifests.pod(Component.ORCHESTRATOR).args();           // [run, --server-agent, twbench-server:7070, ...]
 * manifests.sysctls(Component.CLIENT);                    // {net.ipv4.tcp_tw_reuse=1}
 * ManifestFiles.write(manifests, Path.of("k8s"));         // one YAML file per object
 * K8sManifests.of(ManifestFiles.read(Path.of("k8s")));    // and back
 * }</pre>
 *
 * @param secret        the shared token, key {@code token}
 * @param serverService the server agent's headless Service: control port and the run's server ports
 * @param server        the server agent's Deployment, one replica
 * @param clientService the client pods' headless Service, their subdomain
 * @param clients       the client agents' Indexed Job
 * @param orchestrator  the Job that runs {@code run} against the agents
 */
public record K8sManifests(Secret secret, Service serverService, Deployment server, Service clientService,
        Job clients, Job orchestrator) {

    public static K8sManifests of(ClusterRun run) {
        return K8sObjects.build(run);
    }

    /**
     * The set among {@code objects}, found by kind and name.
     *
     * @throws IllegalArgumentException naming an object that is missing
     */
    public static K8sManifests of(List<HasMetadata> objects) {
        return new K8sManifests(find(objects, Secret.class, K8sNames.SECRET),
                find(objects, Service.class, K8sNames.SERVER), find(objects, Deployment.class, K8sNames.SERVER),
                find(objects, Service.class, K8sNames.CLIENT_SERVICE), find(objects, Job.class, K8sNames.CLIENT_JOB),
                find(objects, Job.class, K8sNames.RUN_JOB));
    }

    /** Every object, in the order to apply them: what the pods mount and resolve before the pods. */
    public List<HasMetadata> objects() {
        return List.of(secret, serverService, server, clientService, clients, orchestrator);
    }

    /** The pod template of a component: every client pod has the same one. */
    public PodTemplateSpec template(Component component) {
        return switch (component) {
            case SERVER -> server.getSpec().getTemplate();
            case CLIENT -> clients.getSpec().getTemplate();
            case ORCHESTRATOR -> orchestrator.getSpec().getTemplate();
        };
    }

    /** What a component's container runs, as written. */
    public PodCommand pod(Component component) {
        return PodCommand.of(template(component));
    }

    /** The sysctls a component's pods set (securityContext.sysctls), name to value; none for the orchestrator. */
    public Map<String, String> sysctls(Component component) {
        PodSecurityContext context = template(component).getSpec().getSecurityContext();
        Map<String, String> sysctls = new LinkedHashMap<>();
        if (context != null) {
            context.getSysctls().forEach(s -> sysctls.put(s.getName(), s.getValue()));
        }
        return Collections.unmodifiableMap(sysctls);
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind.getSimpleName() + " " + name
                        + " among the manifests"));
    }
}
