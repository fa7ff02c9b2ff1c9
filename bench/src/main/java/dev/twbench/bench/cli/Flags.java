package dev.twbench.bench.cli;

import dev.twbench.loadgen.scenario.InvalidScenarioException;

/** Whole-number flags, parsed with twbench's own one-line errors. */
final class Flags {
    private Flags() {
    }

    static int intIn(String option, String text, int min, int max) {
        try {
            long value = Long.parseLong(text.trim().replace("_", ""));
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw InvalidScenarioException.of(option, text, "must be a whole number from " + min + " to " + max);
    }

    static boolean onOff(String option, String text) {
        return switch (text) {
            case "on" -> true;
            case "off" -> false;
            default -> throw InvalidScenarioException.of(option, text, "must be on or off");
        };
    }
}
