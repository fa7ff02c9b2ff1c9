package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.Verdict;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two experiments that wait out TIME_WAIT, and what {@code --quick} does with them. They
 * mostly sleep, so this class runs beside the others.
 */
class WaitingExperimentsTest {
    @TempDir
    Path out;

    @BeforeEach
    void needsNamespaces() {
        LabRequirements.assumeNamespaceLab();
    }

    @Test
    void timeWaitLastsSixtySecondsWhateverTcpFinTimeoutSaysAndARestartWaitsItOut() throws Exception {
        ExperimentsRun run = ExperimentsRun.of(out, "lifetime", "server-restart");

        ExperimentResult lifetime = run.assertVerdict("lifetime", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        for (String finTimeout : new String[] {"5", "60"}) {
            double last = lifetime.figure("lastLeftSecondsFinTimeout" + finTimeout);
            assertTrue(last >= 59.5 && last <= 63, "fin_timeout " + finTimeout + ": last left at " + last + " s");
            assertTrue(lifetime.figure("firstLeftSecondsFinTimeout" + finTimeout) >= 59.5);
        }

        ExperimentResult restart = run.assertVerdict("server-restart", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        assertTrue(restart.figure("boundAfterSecondsBoth") < 1, "SO_REUSEADDR on both: at once");
        for (String oneOrNeither : new String[] {"Neither", "OldOnly", "NewOnly"}) {
            assertEquals(1, restart.figure("firstBindRefused" + oneOrNeither), oneOrNeither);
            double seconds = restart.figure("boundAfterSeconds" + oneOrNeither);
            assertTrue(seconds >= 59.5 && seconds <= 63, oneOrNeither + ": bound after " + seconds + " s");
        }
        assertEquals(1, restart.figure("jdkListenerReuseAddressDefault"), "why Java servers rarely see it");
    }

    @Test
    void quickSkipsTheWaitsAndSaysSo() throws Exception {
        ExperimentsRun run = ExperimentsRun.of(out, "--quick", "lifetime", "server-restart");

        assertTrue(run.file().quick());
        ExperimentResult lifetime = run.file().results().get(0);
        assertEquals(Verdict.NOT_RUN, lifetime.verdict());
        assertTrue(lifetime.observed().contains("--quick"), lifetime.observed());
        ExperimentResult restart = run.assertVerdict("server-restart", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        assertEquals(1, restart.figure("firstBindRefusedNeither"));
        assertFalse(restart.figures().containsKey("boundAfterSecondsNeither"), "the wait was not measured");
        assertTrue(restart.observed().contains("not measured (--quick)"), restart.observed());
    }
}
