package dev.twbench.loadgen.scenario;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An option whose values are an enum's, each typed as its label ({@code --close client-first}):
 * one way to parse them and to list them, so every such option says the same thing about a bad
 * value ("invalid --close 'sideways': must be one of client-first, server-first, ...").
 */
public final class Labelled {
    private Labelled() {
    }

    /** The value labelled {@code text}; otherwise a one-line error naming the option and every label. */
    public static <E extends Enum<E>> E parse(String option, String text, E[] values, Function<E, String> label) {
        return Arrays.stream(values).filter(v -> label.apply(v).equals(text)).findFirst()
                .orElseThrow(() -> InvalidScenarioException.of(option, text, "must be one of " + list(values, label)));
    }

    /** Every label, in declaration order: {@code a, b, c}. */
    public static <E extends Enum<E>> String list(E[] values, Function<E, String> label) {
        return Arrays.stream(values).map(label).collect(Collectors.joining(", "));
    }
}
