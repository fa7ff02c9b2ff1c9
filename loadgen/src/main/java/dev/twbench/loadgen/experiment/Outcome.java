package dev.twbench.loadgen.experiment;

import dev.twbench.loadgen.experiment.result.ExperimentChart;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an experiment found, before the runner adds its claim and timing. Built by naming the
 * method, adding figures as they are measured, and ending with the verdict:
 *
 * <pre>{@code
 * return Outcome.method("Closed a listener with ten connections in its accept queue.")
 *         .figure("pendingClientsReset", reset)
 *         .differs("All ten read ECONNRESET; neither side holds TIME_WAIT.",
 *                  "Linux resets pending connections instead of closing them gracefully.");
 * }</pre>
 */
public record Outcome(String method, String observed, Verdict verdict, String linuxDifference,
        Map<String, Double> figures, ExperimentChart chart) {

    public Outcome {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public static Builder method(String method) {
        return new Builder(method);
    }

    public ExperimentResult toResult(Claim claim, long durationMs) {
        return new ExperimentResult(claim.name(), claim.title(), claim.text(), claim.source(), method, observed,
                verdict, linuxDifference, figures, chart, durationMs);
    }

    /** Figures in the order they were added, then the verdict. */
    public static final class Builder {
        private final String method;
        private final Map<String, Double> figures = new LinkedHashMap<>();
        private ExperimentChart chart;

        private Builder(String method) {
            this.method = Objects.requireNonNull(method);
        }

        /** A measured number; the unit belongs in the name ({@code rebindSeconds}). */
        public Builder figure(String name, double value) {
            figures.put(name, value);
            return this;
        }

        public Builder chart(ExperimentChart chart) {
            this.chart = chart;
            return this;
        }

        public Outcome holds(String observed) {
            return end(observed, Verdict.HOLDS, null);
        }

        public Outcome differs(String observed, String linuxDifference) {
            return end(observed, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, linuxDifference);
        }

        public Outcome doesNotHold(String observed, String linuxDifference) {
            return end(observed, Verdict.DOES_NOT_HOLD, linuxDifference);
        }

        /** The verdict the evidence gives; {@code expected} says which one this kernel is known to give. */
        public Outcome judged(boolean asExpected, Verdict expected, String observed, String linuxDifference) {
            if (asExpected) {
                return end(observed, expected, expected == Verdict.HOLDS ? null : linuxDifference);
            }
            // The kernel did something the catalogue did not foresee: report it as the claim failing,
            // with what was seen, rather than forcing the expected verdict.
            return end(observed, expected == Verdict.DOES_NOT_HOLD ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
                    "this kernel did not behave as docs/kernel-facts.md expects: " + observed);
        }

        /** The experiment could not be carried out; {@code what} says what went wrong. */
        public Outcome failed(String what) {
            return end(what, Verdict.FAILED, null);
        }

        public Outcome notRun(String why) {
            return end(why, Verdict.NOT_RUN, null);
        }

        private Outcome end(String observed, Verdict verdict, String linuxDifference) {
            return new Outcome(method, observed, verdict, linuxDifference, figures, chart);
        }
    }
}
