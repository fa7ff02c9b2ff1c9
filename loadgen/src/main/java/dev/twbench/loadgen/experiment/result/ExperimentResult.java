package dev.twbench.loadgen.experiment.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One experiment's outcome, as written to experiments.json.
 *
 * @param name            the catalogue name ({@code server-restart})
 * @param title           a short heading
 * @param claim           the claim under test, in the source's words where it has them
 * @param source          where the claim comes from
 * @param method          what was done, in a sentence or two a newcomer can follow
 * @param observed        what this kernel did, with the numbers
 * @param verdict         the verdict on the claim
 * @param linuxDifference how Linux differs from the source, for {@link Verdict#HOLDS_WITH_LINUX_DIFFERENCE}
 *                        and {@link Verdict#DOES_NOT_HOLD}; null otherwise
 * @param figures         the measured numbers behind {@code observed}, by name with the unit in it
 *                        ({@code rebindSeconds}), in the order they are explained
 * @param chart           a curve, or null
 * @param durationMs      how long the experiment took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentResult(String name, String title, String claim, Source source, String method,
        String observed, Verdict verdict, String linuxDifference, Map<String, Double> figures,
        ExperimentChart chart, long durationMs) {

    public ExperimentResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** A figure that must be there (tests and the report ask for the ones an experiment always measures). */
    public double figure(String key) {
        Double value = figures.get(key);
        if (value == null) {
            throw new IllegalArgumentException(name + " has no figure " + key + "; it has " + figures.keySet());
        }
        return value;
    }
}
