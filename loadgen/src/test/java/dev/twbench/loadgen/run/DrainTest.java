package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain tail measures TIME_WAIT's lifetime: at least TCP_TIMEWAIT_LEN (60 s), plus the timer wheel's slack. */
class DrainTest {

    @Test
    void drainMeasuresTheSixtySecondTimeWaitLifetime(@TempDir Path out) throws Exception {
        LabRequirements.assumeNamespaceLab();
        RunResult result = RunController.execute(Scenario.builder().rate(Rate.perSecond(300)).durationMs(3_000)
                .outDir(out).build(), RunListener.SILENT);
        Summary s = result.summary();
        assertEquals(RunOutcome.Kind.COMPLETED, s.outcome().kind(), s.endReason());
        assertTrue(s.measuredTimeWaitSeconds() >= 59 && s.measuredTimeWaitSeconds() <= 62,
                "measured " + s.measuredTimeWaitSeconds());
        assertEquals(0, s.timeWait().get("client").end(), "the drain ends when TIME_WAIT is back to its start");
        assertTrue(s.drainSeconds() <= Scenario.DRAIN_LIMIT_MS / 1000.0 + 0.5, "drain " + s.drainSeconds());
        Summary.Lifetime lifetime = s.timeWait().get("client").lifetime();
        // Each socket leaves at most one timer-wheel granule (2.048 s at HZ=250) after 60 s.
        assertTrue(lifetime.maxSeconds() <= 62.3, "longest " + lifetime.maxSeconds());
        assertNull(s.timeWait().get("server").lifetime(), "nothing entered TIME_WAIT on the server");
        TimeSeries.Rows client = TimeSeries.read(result.folder().timeSeriesCsv()).rows(Side.CLIENT);
        assertEquals(Phase.DRAIN, client.phase(client.size() - 1));
    }
}
