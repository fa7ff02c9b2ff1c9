package dev.twbench.bench.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.List;
import java.util.Map;

/**
 * A component's pod, the part every pod shares: its labels, the token Secret mounted read-only,
 * one container running twbench from the image, its requests, and its sysctls. Each workload adds
 * what only it has (a restart policy, a subdomain, the results volume).
 *
 * <pre>{@code
 * PodTemplates.of(Component.CLIENT, "registry.example/twbench:0.1", AgentContract.agent(true),
 *         Map.of("net.ipv4.tcp_tw_reuse", "1"), List.of(PodTemplates.port("control", 7070)))
 *     .editSpec().withRestartPolicy("Never").endSpec().build();
 * }</pre>
 */
final class PodTemplates {
    static final String TOKEN_VOLUME = "token";
    /** Owner-read only (0400): the file is a secret, and the image's processes run as root, its owner. */
    private static final int TOKEN_FILE_MODE = 0400;

    private PodTemplates() {
    }

    static PodTemplateSpecBuilder of(Component component, String image, List<String> args,
            Map<String, String> sysctls, List<ContainerPort> ports) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(component.labels()).endMetadata()
                .withNewSpec()
                .withSecurityContext(securityContext(sysctls))
                .addNewVolume().withName(TOKEN_VOLUME)
                .withNewSecret().withSecretName(K8sNames.SECRET).withDefaultMode(TOKEN_FILE_MODE).endSecret()
                .endVolume()
                .addNewContainer()
                .withName(component.label())
                .withImage(image)
                .withCommand(ImageLayout.JAVA)
                .withArgs(args)
                .withPorts(ports)
                .addNewVolumeMount().withName(TOKEN_VOLUME).withMountPath(ImageLayout.TOKEN_DIR).withReadOnly(true)
                .endVolumeMount()
                .withNewResources()
                .addToRequests("cpu", new Quantity(component.cpuRequest()))
                .addToRequests("memory", new Quantity(component.memoryRequest()))
                .endResources()
                .endContainer()
                .endSpec();
    }

    static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).build();
    }

    /** None without sysctls, so a pod that sets nothing says nothing. */
    private static PodSecurityContext securityContext(Map<String, String> sysctls) {
        if (sysctls.isEmpty()) {
            return null;
        }
        List<Sysctl> list = sysctls.entrySet().stream().map(e -> new Sysctl(e.getKey(), e.getValue())).toList();
        return new PodSecurityContextBuilder().withSysctls(list).build();
    }
}
