package dev.twbench.loadgen.record;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a run ended. Each outcome describes itself once ({@link #endReason()}, summary.json's
 * {@code endReason}); callers switch on its {@link #kind()}, one constant per type (Java 17, the
 * project's floor, has no switch over sealed types).
 *
 * <pre>{@code
 * int exitCode = switch (summary.outcome().kind()) {
 *     case COMPLETED -> 0;
 *     case INTERRUPTED -> 130;
 *     case FAILED, CLIENT_GAVE_UP, AGENT_EXITED -> 1;
 * };
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunOutcome.Completed.class, name = "completed"),
        @JsonSubTypes.Type(value = RunOutcome.Interrupted.class, name = "interrupted"),
        @JsonSubTypes.Type(value = RunOutcome.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = RunOutcome.ClientGaveUp.class, name = "client-gave-up"),
        @JsonSubTypes.Type(value = RunOutcome.AgentExited.class, name = "agent-exited")})
public sealed interface RunOutcome {

    /** One constant per type of outcome. */
    enum Kind { COMPLETED, INTERRUPTED, FAILED, CLIENT_GAVE_UP, AGENT_EXITED }

    Kind kind();

    /** {@code completed}, {@code interrupted}, or why the run stopped early, in one line. */
    String endReason();

    /** Sampled to its planned end: the load, then the drain if there was one. */
    record Completed() implements RunOutcome {
        @Override
        public Kind kind() {
            return Kind.COMPLETED;
        }

        @Override
        public String endReason() {
            return "completed";
        }
    }

    /** Ctrl-C or SIGTERM: the last tick was recorded, then the run ended. */
    record Interrupted() implements RunOutcome {
        @Override
        public Kind kind() {
            return Kind.INTERRUPTED;
        }

        @Override
        public String endReason() {
            return "interrupted";
        }
    }

    /** An agent answered with an error, or not in time. */
    record Failed(String error) implements RunOutcome {
        @Override
        public Kind kind() {
            return Kind.FAILED;
        }

        @Override
        public String endReason() {
            return error;
        }
    }

    /** The client still had attempts in flight long after the load's duration and timeout. */
    record ClientGaveUp(long afterSeconds) implements RunOutcome {
        @Override
        public Kind kind() {
            return Kind.CLIENT_GAVE_UP;
        }

        @Override
        public String endReason() {
            return "the client still had attempts in flight " + afterSeconds + " s after the start";
        }
    }

    /**
     * One or more agents died mid-run; {@code after} says what the run did next.
     *
     * @param policy the run's {@code --on-agent-exit}
     */
    record AgentExited(List<AgentExit> exits, AgentExitPolicy policy, AfterExit after) implements RunOutcome {
        @Override
        public Kind kind() {
            return Kind.AGENT_EXITED;
        }

        public AgentExited {
            exits = List.copyOf(exits);
        }

        /**
         * How a run that saw agents die ended, said with them: the outcome reached after them
         * ({@code reached}) becomes "went on to the end" or "then ended ...". Interrupted runs, and
         * runs the exits themselves stopped, say so already; with no exits, {@code reached} as is.
         */
        public static RunOutcome after(List<AgentExit> exits, AgentExitPolicy policy, RunOutcome reached) {
            if (exits.isEmpty() || reached.kind() == Kind.INTERRUPTED || reached.kind() == Kind.AGENT_EXITED) {
                return reached;
            }
            AfterExit after = reached.kind() == Kind.COMPLETED ? new AfterExit.WentOnToTheEnd()
                    : new AfterExit.ThenEnded(reached);
            return new AgentExited(exits, policy, after);
        }

        /** The exits stopped the run where they were noticed. */
        public static AgentExited stoppedThere(List<AgentExit> exits, AgentExitPolicy policy) {
            return new AgentExited(exits, policy, new AfterExit.StoppedThere());
        }

        @Override
        public String endReason() {
            return exits.stream().map(AgentExit::describe).collect(Collectors.joining("; ")) + "; "
                    + after.describe(policy);
        }
    }

    /** What a run did after an agent died. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = AfterExit.StoppedThere.class, name = "stopped-there"),
            @JsonSubTypes.Type(value = AfterExit.WentOnToTheEnd.class, name = "went-on-to-the-end"),
            @JsonSubTypes.Type(value = AfterExit.ThenEnded.class, name = "then-ended")})
    sealed interface AfterExit {
        /** What the run did, as the end of its {@code endReason}. */
        String describe(AgentExitPolicy policy);

        /** It ended at the tick that noticed. */
        record StoppedThere() implements AfterExit {
            @Override
            public String describe(AgentExitPolicy policy) {
                return "the run stopped there (--on-agent-exit " + policy.label() + ")";
            }
        }

        /** It sampled on to its planned end ({@code --on-agent-exit continue}). */
        record WentOnToTheEnd() implements AfterExit {
            @Override
            public String describe(AgentExitPolicy policy) {
                return "sampling went on to the end of the run (--on-agent-exit " + policy.label() + ")";
            }
        }

        /** It went on, then ended otherwise: an agent's error, or a client that never finished. */
        record ThenEnded(RunOutcome ending) implements AfterExit {
            @Override
            public String describe(AgentExitPolicy policy) {
                return "then " + ending.endReason();
            }
        }
    }

    /**
     * The outcome of a summary.json written before twbench recorded it: from its
     * {@code interrupted} flag and {@code endReason} text, the only place that reads that text.
     */
    static RunOutcome fromLegacy(boolean interrupted, String endReason) {
        if (interrupted) {
            return new Interrupted();
        }
        return "completed".equals(endReason) ? new Completed() : new Failed(endReason);
    }
}
