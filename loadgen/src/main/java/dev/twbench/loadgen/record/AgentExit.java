package dev.twbench.loadgen.record;

/**
 * An agent that died mid-run.
 *
 * @param side      "client" or "server"
 * @param pid       the agent's process id
 * @param elapsedMs the tick that noticed, from Go (0: while the run was starting)
 * @param how       the exit as the orchestrator saw it, e.g. "exited with code 137 (SIGKILL)"
 */
public record AgentExit(String side, long pid, long elapsedMs, String how) {
    /** "the server agent exited with code 137 (SIGKILL) at 4.2 s". */
    public String describe() {
        return "the " + side + " agent " + how + " at " + Format.seconds(elapsedMs);
    }
}
