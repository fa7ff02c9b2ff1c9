package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import dev.twbench.loadgen.run.LoadLock;

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
}
