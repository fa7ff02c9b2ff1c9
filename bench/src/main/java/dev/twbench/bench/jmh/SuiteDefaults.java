package dev.twbench.bench.jmh;

/**
 * Iterations every benchmark of the suite runs by default, in one place.
 *
 * <p>JMH gives a score's error (the 99.9 % confidence half-width) only from three measurements
 * on; with the two the suite once ran, 40 of 41 scores had {@code scoreError: NaN}, and the README
 * compared them all the same. Five one-second measurements after one warm-up give every score an
 * error and keep the whole suite near 7 minutes on 2 cores (README, "The JMH suite", gives the
 * time measured). One fork: the error is between iterations of one JVM, so it says how steady a
 * score was, not how much a second JVM would move it; {@code -f 3} measures that, at three times
 * the cost.
 */
final class SuiteDefaults {
    static final int WARMUP_ITERATIONS = 1;
    static final int MEASUREMENT_ITERATIONS = 5;
    static final int ITERATION_SECONDS = 1;

    private SuiteDefaults() {
    }
}
