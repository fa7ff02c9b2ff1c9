package dev.twbench.bench.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod's container runs, as the manifests write it: its command, its args and the
 * environment variables they give a value. Kubernetes adds some of its own that are not here:
 * {@code JOB_COMPLETION_INDEX} in each client pod (0 to N-1), which the agent logs.
 *
 * <p>To rehearse a manifest set without Kubernetes, run each pod's {@link #line()} with the image's
 * paths and the pods' DNS names swapped for local ones (and the pod's sysctls,
 * {@link K8sManifests#sysctls}, set in its network namespace):
 * <pre>{@code
 * PodCommand run = manifests.pod(Component.ORCHESTRATOR)
 *         .replace(ImageLayout.JAR, jar.toString())
 *         .replace(ImageLayout.TOKEN_FILE, tokenFile.toString())
 *         .replace(ImageLayout.RESULTS_DIR, resultsDir.toString())
 *         .replace(K8sNames.serverAgent(), "10.0.0.1:7070")
 *         .replace(K8sNames.clientAgent(0), "10.0.0.2:7070");
 * new ProcessBuilder(run.line()).environment().putAll(run.env());
 * }</pre>
 *
 * @param command the container's command: {@link ImageLayout#JAVA}
 * @param args    its args: the twbench command and options
 * @param env     variables with a literal value, in the order written
 */
public record PodCommand(List<String> command, List<String> args, Map<String, String> env) {
    public PodCommand {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** The pod's only container. */
    static PodCommand of(PodTemplateSpec template) {
        Container container = template.getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : container.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            }
        }
        return new PodCommand(container.getCommand(), container.getArgs(), env);
    }

    /** The command and its args: what a process builder starts. */
    public List<String> line() {
        List<String> line = new ArrayList<>(command);
        line.addAll(args);
        return line;
    }

    /** Every occurrence of {@code target} in the command, args and values replaced. */
    public PodCommand replace(String target, String replacement) {
        Map<String, String> replacedEnv = new LinkedHashMap<>();
        env.forEach((k, v) -> replacedEnv.put(k, v.replace(target, replacement)));
        return new PodCommand(command.stream().map(s -> s.replace(target, replacement)).toList(),
                args.stream().map(s -> s.replace(target, replacement)).toList(), replacedEnv);
    }
}
