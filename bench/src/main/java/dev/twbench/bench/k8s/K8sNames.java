package dev.twbench.bench.k8s;

/**
 * The names of the objects {@code twbench k8s} writes, and the DNS names they give the agents
 * inside the namespace.
 *
 * <pre>{@code
 * K8sNames.serverAgent();   // twbench-server:7070
 * K8sNames.clientAgent(2);  // twbench-client-2.twbench-clients:7070: the Indexed Job's pod 2
 * }</pre>
 */
public final class K8sNames {
    public static final String SECRET = "twbench-token";
    /** The server agent's Deployment and its Service. */
    public static final String SERVER = "twbench-server";
    /** The client agents' Indexed Job; its pod i is named and host-named {@code twbench-client-i}. */
    public static final String CLIENT_JOB = "twbench-client";
    /** The headless Service the client pods name as their subdomain. */
    public static final String CLIENT_SERVICE = "twbench-clients";
    /** The orchestrator's Job. */
    public static final String RUN_JOB = "twbench-run";
    /** Every agent's control port, where the orchestrator reaches it. */
    public static final int CONTROL_PORT = 7070;

    private K8sNames() {
    }

    /** What the orchestrator's {@code --server-agent} names. */
    public static String serverAgent() {
        return SERVER + ":" + CONTROL_PORT;
    }

    /** The client pod of completion index {@code index} (client-(index+1) in the results), as HOST:PORT. */
    public static String clientAgent(int index) {
        return CLIENT_JOB + "-" + index + "." + CLIENT_SERVICE + ":" + CONTROL_PORT;
    }
}
