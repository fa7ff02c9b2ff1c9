package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.NatMode;
import dev.twbench.loadgen.scenario.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsSizeTest {

    @Test
    void theDrainAndTheLengthOfTheRunAddRows() {
        long short10s = ResultsSize.ofRun(Scenario.builder().durationMs(10_000).drain(false).build()).bytes();
        long drained = ResultsSize.ofRun(Scenario.builder().durationMs(10_000).drain(true).build()).bytes();
        long long10m = ResultsSize.ofRun(Scenario.builder().durationMs(600_000).drain(false).build()).bytes();
        assertTrue(short10s < drained && drained < long10m, short10s + " " + drained + " " + long10m);
    }

    @Test
    void aTenMinuteRunWithItsDrainAtTheDefaultIntervalIsAboutTwentyEightMebibytes() {
        // 6,051 load ticks and 650 drain ticks, charts of at most 1,802 points a series:
        // (1,750,000 + 6,701 x 380 + 1,802 x 1,435 + 6,051 x 1,860 + 1,802 x 3,155) x 1.25
        assertEquals(29_778_025, ResultsSize.ofRun(Scenario.builder().durationMs(600_000).build()).bytes());
    }

    @Test
    void pastWhatTheChartsDrawOnlyRowsAndHistogramsGrowWithTheRun() {
        long fourHours = ResultsSize.ofRun(Scenario.builder().durationMs(4 * 3_600_000L).drain(false).build()).bytes();
        long eightHours = ResultsSize.ofRun(Scenario.builder().durationMs(8 * 3_600_000L).drain(false).build()).bytes();
        // 144,000 more ticks of 100 ms: two rows and four histogram lines each (two logs of both metrics).
        assertEquals((long) (144_000 * (2 * 190 + 4 * 465) * 1.25), eightHours - fourHours);
    }

    @Test
    void aNatRouterAddsARowATick() {
        Scenario plain = Scenario.builder().durationMs(600_000).drain(false).build();
        Scenario nat = Scenario.builder().durationMs(600_000).drain(false)
                .nat(new Nat(1000, 1, NatMode.SNAT, Map.of())).build();
        // 6,051 ticks (the load, its timeout and the baseline), one more row of 190 bytes each.
        assertEquals((long) (6_051 * 190 * 1.25), ResultsSize.ofRun(nat).bytes() - ResultsSize.ofRun(plain).bytes(), 1);
    }

    @Test
    void aSweepIsMoreThanItsRuns() {
        Scenario s = Scenario.builder().durationMs(1_000).drain(false).build();
        assertTrue(ResultsSize.ofSweep(List.of(s, s, s)).bytes() > 3 * ResultsSize.ofRun(s).bytes());
    }

    @Test
    void sizesAreWrittenInBinaryUnits() {
        assertEquals("512 B", ResultsSize.format(512));
        assertEquals("40 KiB", ResultsSize.format(40 * 1024 + 100));
        assertEquals("2.1 MiB", ResultsSize.format(2_200_000));
        assertEquals("3.0 GiB", ResultsSize.format(3L << 30));
    }
}
