package dev.twbench.loadgen.scenario;

/**
 * Bad input: a value the user gave that twbench cannot run with.
 *
 * <p>The message is one line that names the value and says what is allowed; the CLI prints
 * it as is and exits with code 2. Thrown before anything (folder, namespace, process) is
 * created, or after everything created so far has been removed.
 */
public class InvalidScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidScenarioException(String message) {
        super(message);
    }

    /** "invalid --rate '-5': must be ..." */
    public static InvalidScenarioException of(String option, Object value, String allowed) {
        return new InvalidScenarioException("invalid " + option + " '" + value + "': " + allowed);
    }
}
