package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.sweep.SweepState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The myth, measured: tcp_fin_timeout does not shorten TIME_WAIT (docs/kernel-facts.md: it bounds
 * orphaned FIN_WAIT2 only). Two drains of about 65 s each; light load, so it runs beside the
 * CPU-heavy tests.
 */
class FinTimeoutMythTest {

    @Test
    void finTimeoutDoesNotShortenTimeWait(@TempDir Path out) throws Exception {
        LabRequirements.assumeNamespaceLab();
        Path dir = SweepTest.sweep(out, 0, "--plan", Path.of("..", "plans", "fin-timeout-myth.json").toString(),
                "--warmup", "1s");
        SweepState state = SweepState.read(dir);
        assertEquals(2, state.variants().size());
        for (SweepState.VariantState v : state.variants()) {
            Double lifetime = v.summary().measuredTimeWaitSeconds();
            assertTrue(lifetime != null && Math.abs(lifetime - 60) <= 2, v.name() + ": TIME_WAIT lasted " + lifetime);
        }
    }
}
