package dev.twbench.loadgen.scenario;

import dev.twbench.loadgen.sys.CpuList;
import java.util.Optional;

/**
 * Which CPUs each agent runs on ({@code --agent-cpus}), every thread of its JVM included
 * ({@code taskset -c}). Not pinned by default: in the lab the client carries most of the kernel's
 * work (see {@link AgentThreads}), and an even split starved it. Measured against neper's tcp_crr
 * (client RST close, three interleaved 10 s rounds) on this project's 2-core machine: each agent
 * on its own core, 0.92 of neper's rate; the client's two loops and the server's one left to the
 * scheduler, 1.24.
 * Pinning is for machines with cores to spare, or to keep the agents off cores that other work uses.
 *
 * <ul>
 *   <li>{@code none} (the default): not pinned.
 *   <li>{@code split}: the allowed CPUs in two halves, the client on the first (none on a single CPU).
 *   <li>{@code CLIENT:SERVER}: two CPU lists, e.g. {@code 0:1} or {@code 0-3:4-7}.
 * </ul>
 */
public sealed interface AgentCpus {
    None NONE = new None();
    Split SPLIT = new Split();

    /** The CPUs of {@code side}'s agent when this process may use {@code allowed}; empty: not pinned. */
    Optional<CpuList> forSide(Side side, CpuList allowed);

    String label();

    record Split() implements AgentCpus {
        @Override
        public Optional<CpuList> forSide(Side side, CpuList allowed) {
            if (allowed.cpus().size() < 2) {
                return Optional.empty();
            }
            return Optional.of(allowed.split(2).get(side == Side.CLIENT ? 0 : 1));
        }

        @Override
        public String label() {
            return "split";
        }
    }

    record None() implements AgentCpus {
        @Override
        public Optional<CpuList> forSide(Side side, CpuList allowed) {
            return Optional.empty();
        }

        @Override
        public String label() {
            return "none";
        }
    }

    record Lists(CpuList client, CpuList server) implements AgentCpus {
        @Override
        public Optional<CpuList> forSide(Side side, CpuList allowed) {
            return Optional.of(side == Side.CLIENT ? client : server);
        }

        @Override
        public String label() {
            return client + ":" + server;
        }
    }

    /** From {@code --agent-cpus}'s text. */
    static AgentCpus parse(String text) {
        if (text.equals("split")) {
            return SPLIT;
        }
        if (text.equals("none")) {
            return NONE;
        }
        String[] sides = text.split(":", -1);
        if (sides.length == 2) {
            try {
                return new Lists(CpuList.parse(sides[0]), CpuList.parse(sides[1]));
            } catch (IllegalArgumentException e) {
                // the message below says what is allowed
            }
        }
        throw InvalidScenarioException.of("--agent-cpus", text,
                "must be split, none, or two CPU lists CLIENT:SERVER (like 0:1 or 0-3:4-7)");
    }
}
