package dev.twbench.bench.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds the six objects of a {@link ClusterRun} with fabric8's model: the token Secret, the server
 * agent (Deployment and Service), the client agents (Indexed Job and headless Service) and the
 * orchestrator's Job.
 *
 * <pre>{@code
 * K8sManifests manifests = K8sObjects.build(run);  // what K8sManifests.of(run) does
 * }</pre>
 */
final class K8sObjects {
    private static final String RESULTS_VOLUME = "results";
    /**
     * Past the agents' wait and the run's planned time, how long the client pods may take to be
     * pulled and started before the Job gives up on them: agents of a run that never came would
     * otherwise wait for it forever.
     */
    private static final long CLIENT_SLACK_MS = 600_000;

    private K8sObjects() {
    }

    static K8sManifests build(ClusterRun run) {
        return new K8sManifests(secret(run), serverService(run), server(run), clientService(run), clients(run),
                orchestrator(run));
    }

    private static Secret secret(ClusterRun run) {
        // data, not stringData: the file the pods read is the token's exact bytes, a final newline included.
        String encoded = Base64.getEncoder().encodeToString(run.token().getBytes(StandardCharsets.UTF_8));
        return new SecretBuilder()
                .withMetadata(meta(run, K8sNames.SECRET, Map.of(Component.NAME_LABEL, Component.APP)))
                .withType("Opaque")
                .addToData(ImageLayout.TOKEN_KEY, encoded)
                .build();
    }

    /**
     * Headless: {@code twbench-server} resolves to the pod's own address, so the clients connect to the
     * server with no kube-proxy NAT between them and the 4-tuples (and TIME_WAIT) are the pods' own.
     */
    private static Service serverService(ClusterRun run) {
        List<ServicePort> ports = new ArrayList<>(List.of(servicePort("control", K8sNames.CONTROL_PORT)));
        serverPorts(run).forEach(p -> ports.add(servicePort(p.getName(), p.getContainerPort())));
        return headless(run, K8sNames.SERVER, Component.SERVER, ports);
    }

    private static Deployment server(ClusterRun run) {
        List<ContainerPort> ports = new ArrayList<>(List.of(controlPort()));
        ports.addAll(serverPorts(run));
        PodTemplateSpec pod = PodTemplates.of(Component.SERVER, run.image(), AgentContract.agent(false),
                run.sysctls().server(), ports).build();
        return new DeploymentBuilder()
                .withMetadata(meta(run, K8sNames.SERVER, Component.SERVER.labels()))
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().withMatchLabels(Component.SERVER.labels()).endSelector()
                // Recreate: never two server agents at once, e.g. while a changed manifest rolls out.
                .withNewStrategy().withType("Recreate").endStrategy()
                .withTemplate(pod)
                .endSpec()
                .build();
    }

    /** Headless, named as the client pods' subdomain: pod i is {@code twbench-client-i.twbench-clients}. */
    private static Service clientService(ClusterRun run) {
        return headless(run, K8sNames.CLIENT_SERVICE, Component.CLIENT,
                List.of(servicePort("control", K8sNames.CONTROL_PORT)));
    }

    private static Job clients(ClusterRun run) {
        PodTemplateSpec pod = PodTemplates.of(Component.CLIENT, run.image(), AgentContract.agent(true),
                run.sysctls().client(), List.of(controlPort()))
                .editSpec().withRestartPolicy("Never").withSubdomain(K8sNames.CLIENT_SERVICE).endSpec()
                .build();
        long deadlineMs = AgentContract.AGENT_WAIT_MS + run.plannedRunMs() + CLIENT_SLACK_MS;
        return new JobBuilder()
                .withMetadata(meta(run, K8sNames.CLIENT_JOB, Component.CLIENT.labels()))
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(run.clients())
                .withParallelism(run.clients())
                // A client agent serves one run: a replacement pod would wait for a run that is over.
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(deadlineMs / 1000)
                .withTemplate(pod)
                .endSpec()
                .build();
    }

    private static Job orchestrator(ClusterRun run) {
        List<String> clientAgents = IntStream.range(0, run.clients()).mapToObj(K8sNames::clientAgent).toList();
        PodTemplateSpec pod = PodTemplates.of(Component.ORCHESTRATOR, run.image(),
                AgentContract.run(clientAgents, run.runArgs()), Map.of(), List.of())
                .editSpec()
                .withRestartPolicy("Never")
                .addToVolumes(resultsVolume(run))
                .editFirstContainer()
                .addNewVolumeMount().withName(RESULTS_VOLUME).withMountPath(ImageLayout.RESULTS_DIR).endVolumeMount()
                .endContainer()
                .endSpec()
                .build();
        return new JobBuilder()
                .withMetadata(meta(run, K8sNames.RUN_JOB, Component.ORCHESTRATOR.labels()))
                .withNewSpec()
                // Run once: the client agents it drove have exited, a second attempt would find none.
                .withBackoffLimit(0)
                .withTemplate(pod)
                .endSpec()
                .build();
    }

    /** The claim if one was named; else an emptyDir, gone with the pod (the summary stays in the Job's log). */
    private static Volume resultsVolume(ClusterRun run) {
        VolumeBuilder volume = new VolumeBuilder().withName(RESULTS_VOLUME);
        return run.resultsClaim()
                .map(claim -> volume.withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim())
                .orElseGet(() -> volume.withNewEmptyDir().endEmptyDir())
                .build();
    }

    /**
     * No cluster address: the names resolve to the pods themselves, and do so as soon as a pod has
     * an address (publishNotReadyAddresses), since the orchestrator retries until the agents answer.
     */
    private static Service headless(ClusterRun run, String name, Component component, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withMetadata(meta(run, name, component.labels()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(component.labels())
                .withPorts(ports)
                .endSpec()
                .build();
    }

    /** The run's server ports, {@code load-7000} and up. */
    private static List<ContainerPort> serverPorts(ClusterRun run) {
        return IntStream.range(run.serverPort(), run.serverPort() + run.serverPortCount())
                .mapToObj(p -> PodTemplates.port("load-" + p, p)).toList();
    }

    private static ContainerPort controlPort() {
        return PodTemplates.port("control", K8sNames.CONTROL_PORT);
    }

    private static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(port)).build();
    }

    private static ObjectMeta meta(ClusterRun run, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(run.namespace().orElse(null))
                .withLabels(labels).build();
    }
}
