package dev.twbench.loadgen.experiment;

/**
 * One claim about TIME_WAIT put to the kernel. An experiment runs in a network namespace of its
 * own (the runner starts each in a JVM of its own there, {@code runner.ExperimentMain}), so it
 * may set sysctls and leave TIME_WAIT behind freely: both go with the namespace.
 *
 * <pre>{@code
 * final class ListenerClose implements Experiment {
 *     public Claim claim() { return new Claim("listener-close", ...); }
 *     public Outcome run(Trial trial) throws Exception {
 *         ... real sockets, real kernel counters ...
 *         return Outcome.method("Opened ten connections ...").figure("pendingClientsReset", 10)
 *                 .holds("All ten clients read ECONNRESET ...");
 *     }
 * }
 * }</pre>
 */
public interface Experiment {
    Claim claim();

    /** Runs the experiment; an exception means it could not be carried out (verdict {@code failed}). */
    Outcome run(Trial trial) throws Exception;
}
