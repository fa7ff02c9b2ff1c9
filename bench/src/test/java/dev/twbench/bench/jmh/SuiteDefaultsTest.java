package dev.twbench.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every benchmark of the suite, as JMH lists it (META-INF/BenchmarkList), measures often enough by
 * default for JMH to give its score an error.
 */
class SuiteDefaultsTest {
    /** JMH computes a score's error from three measurement iterations on. */
    private static final int ITERATIONS_FOR_AN_ERROR = 3;

    @Test
    void everyBenchmarkMeasuresAtLeastThreeIterationsSoEveryScoreHasAnError() {
        Set<BenchmarkListEntry> suite = BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        assertFalse(suite.isEmpty(), "the suite is listed");
        for (BenchmarkListEntry benchmark : suite) {
            int iterations = benchmark.getMeasurementIterations().orElse(0);
            assertTrue(iterations >= ITERATIONS_FOR_AN_ERROR, benchmark.getUsername() + ": " + iterations
                    + " measurement iterations by default");
        }
    }
}
