package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.probe.LabProbe;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Side;
import java.util.List;
import java.util.Map;

/**
 * Where a run's two agents live: two network namespaces joined by a veth pair, or the host.
 * A lab is built by its factory method and removed by {@link #close()}, which is idempotent
 * and safe to call from a shutdown hook.
 */
public interface Lab extends AutoCloseable {
    LabKind kind();

    /** Identifies the lab in names and logs, e.g. {@code 4242-1} for namespaces {@code twb-4242-1-c/-s}. */
    String id();

    /** The side as built; null for {@link Side#ROUTER} in a lab without one. */
    LabSide side(Side side);

    /** The sides this lab has: both ends, and the router of a NAT lab. */
    default List<Side> sides() {
        return Side.ENDS;
    }

    /**
     * Wraps {@code command} so that it runs inside {@code side}, in a session of its own: a
     * Ctrl-C on the terminal reaches only the orchestrator, which then ends the agents itself.
     * The namespace lab also marks the command as its own ({@code TWBENCH_LAB=<namespace>} in its
     * environment), so that a later run finding the lab abandoned ends what twbench started there
     * and nothing else ({@link StaleLabs}).
     */
    List<String> commandIn(Side side, List<String> command);

    /** Reads both sides' kernel counters, through the agents' pids where the sides have their own namespace. */
    LabProbe probe(Map<Side, Long> agentPids, List<Integer> serverPorts);

    @Override
    void close();
}
