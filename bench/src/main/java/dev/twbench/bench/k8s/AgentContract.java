package dev.twbench.bench.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * The twbench command lines the pods run (their container args; the command is
 * {@link ImageLayout#JAVA}): an agent, and the run that drives the agents.
 *
 * <pre>{@code
 * AgentContract.agent(true);
 * // [agent, --listen, 0.0.0.0:7070, --token-file, /etc/twbench/token, --runs, 1]
 * AgentContract.run(List.of("twbench-client-0.twbench-clients:7070"), List.of("--rate", "300"));
 * // [run, --server-agent, twbench-server:7070, --client-agent, twbench-client-0..., --token-file, ...,
 * //  --agent-wait, 300s, --out, /results, --rate, 300]
 * }</pre>
 */
public final class AgentContract {
    /**
     * How long the orchestrator keeps trying to reach every agent: pods are scheduled, pull the image
     * and start in any order, and this is how the run waits for all of them.
     */
    public static final String AGENT_WAIT = "300s";
    public static final long AGENT_WAIT_MS = 300_000;

    private AgentContract() {
    }

    /**
     * An agent listening on every address of its pod.
     *
     * @param oneRun true for the client pods: the agent exits 0 after one run, so the Job completes
     */
    public static List<String> agent(boolean oneRun) {
        List<String> args = new ArrayList<>(List.of("agent", "--listen", "0.0.0.0:" + K8sNames.CONTROL_PORT,
                "--token-file", ImageLayout.TOKEN_FILE));
        if (oneRun) {
            args.addAll(List.of("--runs", "1"));
        }
        return List.copyOf(args);
    }

    /**
     * The orchestrator: the server agent and the client agents in index order, then the user's run
     * options unchanged.
     */
    public static List<String> run(List<String> clientAgents, List<String> runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "--server-agent", K8sNames.serverAgent()));
        for (String client : clientAgents) {
            args.addAll(List.of("--client-agent", client));
        }
        args.addAll(List.of("--token-file", ImageLayout.TOKEN_FILE, "--agent-wait", AGENT_WAIT,
                "--out", ImageLayout.RESULTS_DIR));
        args.addAll(runArgs);
        return List.copyOf(args);
    }
}
