package dev.twbench.bench.k8s;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three kinds of pod {@code twbench k8s} writes, each with its labels and the resources it
 * requests.
 *
 * <pre>{@code
 * Component.CLIENT.labels();  // {app.kubernetes.io/name=twbench, app.kubernetes.io/component=client}
 * }</pre>
 */
public enum Component {
    SERVER("server", "500m", "512Mi"),
    CLIENT("client", "500m", "512Mi"),
    ORCHESTRATOR("orchestrator", "250m", "512Mi");

    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String APP = "twbench";

    private final String label;
    /**
     * What the scheduler reserves. No limits are set: a CPU limit throttles the load in bursts that
     * would show as latency.
     */
    private final String cpuRequest;
    private final String memoryRequest;

    Component(String label, String cpuRequest, String memoryRequest) {
        this.label = label;
        this.cpuRequest = cpuRequest;
        this.memoryRequest = memoryRequest;
    }

    /** {@code server}, {@code client}, {@code orchestrator}: the component label, and the container's name. */
    public String label() {
        return label;
    }

    /** The labels of its objects and pods, and so the selector that finds its pods. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(); // in this order in the YAML, on every run
        labels.put(NAME_LABEL, APP);
        labels.put(COMPONENT_LABEL, label);
        return Collections.unmodifiableMap(labels);
    }

    String cpuRequest() {
        return cpuRequest;
    }

    String memoryRequest() {
        return memoryRequest;
    }
}
