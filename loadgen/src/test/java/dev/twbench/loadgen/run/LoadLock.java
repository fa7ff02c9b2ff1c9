package dev.twbench.loadgen.run;

/**
 * Test classes that load both cores hold this lock, so they run one at a time (and their timing
 * assertions mean something); tests that mostly wait, such as the drain, run beside them.
 */
public final class LoadLock {
    public static final String CPU = "twbench.cpu";

    private LoadLock() {
    }
}
