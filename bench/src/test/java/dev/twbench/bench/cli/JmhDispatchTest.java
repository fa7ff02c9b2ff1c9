package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.run.LoadLock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code java -jar benchmarks.jar} as a JMH suite: listing, and what --no-isolation may not do.
 * JMH allows one run at a time per machine (/tmp/jmh.lock): this class takes its turn with the others.
 */
@ResourceLock(LoadLock.CPU)
class JmhDispatchTest {
    @TempDir
    Path dir;

    @Test
    void listShowsTheWholeSuiteWithoutMovingIntoANamespace() throws Exception {
        CliProcess list = CliProcess.start(dir, "-l");
        assertEquals(0, list.waitFor(60), list.stderr());
        for (String benchmark : List.of("ConnectionCycleBenchmark.cycle", "BindUnderTimeWaitBenchmark.bind",
                "ConnectUnderPortPressureBenchmark.connect", "TimeWaitCountingBenchmark.count",
                "ProbeReadBenchmark.sockstatAndNetstat")) {
            assertTrue(list.stdout().contains(benchmark), benchmark + " in\n" + list.stdout());
        }
        assertFalse(list.stdout().contains("twbench:"), "listing runs nothing, so it says nothing of isolation");
    }

    @Test
    void withoutIsolationABenchmarkThatNeedsOtherSysctlsRefusesInsteadOfWritingTheHosts() throws Exception {
        CliProcess run = CliProcess.start(dir, "ConnectUnderPortPressure", "--no-isolation", "-p", "filledPercent=0",
                "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true");
        assertNotEquals(0, run.waitFor(120), run.stdout());
        assertTrue(run.stdout().contains("NOT isolated (--no-isolation)"), run.stdout());
        assertTrue((run.stdout() + run.stderr()).contains("this benchmark needs net.ipv4.ip_local_port_range=20000 29999"),
                run.stdout() + run.stderr());
    }

    @Test
    void theTimeWaitProfilerIsListedByLprof() throws Exception {
        CliProcess list = CliProcess.start(dir, "-lprof");
        assertEquals(0, list.waitFor(60), list.stderr());
        assertTrue(list.stdout().contains("dev.twbench.bench.TimeWaitProfiler: TIME_WAIT level"), list.stdout());
    }

    @Test
    void theTimeWaitProfilersHelpPrintsItAndRunsNothing() throws Exception {
        long startNs = System.nanoTime();
        CliProcess help = CliProcess.start(dir, "-prof", "timewait:help");
        help.waitFor(60);
        String printed = help.stdout() + help.stderr();
        assertTrue(printed.contains("Usage: -prof timewait (no options)"), printed);
        assertFalse(printed.contains("# Benchmark:"), "no benchmark ran:\n" + printed);
        assertFalse(printed.contains("twbench: isolated"), "nothing to isolate:\n" + printed);
        System.out.printf("-prof timewait:help took %.1f s%n", (System.nanoTime() - startNs) / 1e9);
    }

    @Test
    void aMistypedCommandIsOneLineWithTheNearestCommandAndCreatesNothing() throws Exception {
        CliProcess typo = CliProcess.start(dir, "plna");
        assertEquals(2, typo.waitFor(60), typo.stderr());
        String err = typo.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("twbench: unknown command 'plna'; did you mean 'plan'?"), err);
        assertEquals("", typo.stdout(), "JMH never started");
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(typo.pid()), "no namespace was made");
    }
}
