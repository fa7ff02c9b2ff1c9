package dev.twbench.bench.k8s;

import java.util.List;

/**
 * Where things are inside twbench's container image and its pods: what the repository's
 * Dockerfile builds and what the manifests mount. A rehearsal outside Kubernetes swaps these
 * paths for local ones.
 *
 * <pre>{@code
 * ImageLayout.JAVA;        // [java, -jar, /opt/twbench/benchmarks.jar]: every container's command
 * ImageLayout.TOKEN_FILE;  // /etc/twbench/token: the Secret's key "token", mounted read-only
 * }</pre>
 */
public final class ImageLayout {
    /** Where the Dockerfile puts the shaded jar. */
    public static final String JAR = "/opt/twbench/benchmarks.jar";
    /** Every container's command; the twbench command and its options are the container's args. */
    public static final List<String> JAVA = List.of("java", "-jar", JAR);
    /** Where every pod mounts the token Secret. */
    public static final String TOKEN_DIR = "/etc/twbench";
    /** The Secret's key, and so the file's name under {@link #TOKEN_DIR}. */
    public static final String TOKEN_KEY = "token";
    public static final String TOKEN_FILE = TOKEN_DIR + "/" + TOKEN_KEY;
    /** Where the orchestrator writes its run folder. */
    public static final String RESULTS_DIR = "/results";

    private ImageLayout() {
    }
}
