package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.scenario.Scenario;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a run's load ends, settles and drains: the rule both tick loops follow, on a clock of its own. */
class LoadPhasesTest {
    private static final long MS = 1_000_000;
    /** 1 s of load in 100 ms ticks (the grid covers the duration at tick 10), attempts timing out after 2 s. */
    private static Scenario oneSecond(boolean drain) {
        return Scenario.builder().durationMs(1_000).intervalMs(100).timeoutMs(2_000).drain(drain).build();
    }

    private static final LoadPhases.Seen RUNNING = new LoadPhases.Seen(false, true, false, false);
    private static final LoadPhases.Seen FINISHED = new LoadPhases.Seen(true, true, false, false);

    private static LoadPhases started(Scenario scenario, boolean loadEndsWithClient) {
        LoadPhases phases = new LoadPhases(scenario, loadEndsWithClient);
        phases.start(0);
        return phases;
    }

    private static Optional<RunOutcome> tick(LoadPhases phases, long k, LoadPhases.Seen seen) {
        return phases.afterTick(k, k * 100 * MS, seen);
    }

    @Test
    void clientsDoneEarlyStillHaveARowForEveryIntervalOfTheDuration() {
        LoadPhases phases = started(oneSecond(false), false);
        for (long k = 1; k < 10; k++) {
            assertEquals(Optional.empty(), tick(phases, k, FINISHED), "tick " + k);
        }
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(phases, 10, FINISHED));
        assertNull(phases.drainSeconds(10 * 100 * MS), "no drain asked for");
    }

    @Test
    void aClientCommandEndsTheLoadWhenItEnds() {
        LoadPhases phases = started(oneSecond(false), true);
        assertEquals(Optional.empty(), tick(phases, 1, RUNNING));
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(phases, 2, FINISHED));
    }

    @Test
    void withoutDrainTheRunSettlesWhileTheServerClosesButNoLongerThanTheLimit() {
        LoadPhases phases = started(oneSecond(false), false);
        LoadPhases.Seen closing = new LoadPhases.Seen(true, true, true, false);
        long settleTicks = Scenario.SETTLE_LIMIT_MS / 100;
        for (long k = 10; k < 10 + settleTicks; k++) {
            assertEquals(Optional.empty(), tick(phases, k, closing), "tick " + k + " settles");
        }
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(phases, 10 + settleTicks, closing),
                "the settle limit ends it");

        LoadPhases closedSoon = started(oneSecond(false), false);
        assertEquals(Optional.empty(), tick(closedSoon, 10, closing));
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(closedSoon, 11, FINISHED), "the server closed");
    }

    @Test
    void theDrainLastsUntilTimeWaitIsBackToItsStartOrItsLimit() {
        LoadPhases phases = started(oneSecond(true), false);
        LoadPhases.Seen notDrained = new LoadPhases.Seen(true, true, true, false);
        assertEquals(Optional.empty(), tick(phases, 10, notDrained), "with a drain the server is not waited for");
        assertEquals(Phase.DRAIN, phases.phase());
        assertEquals(Optional.empty(), tick(phases, 11, notDrained));
        assertEquals(0.2, phases.drainSeconds(12 * 100 * MS), 1e-9);
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(phases, 12, new LoadPhases.Seen(true, true, false,
                true)));

        LoadPhases never = started(oneSecond(true), false);
        tick(never, 10, notDrained);
        long limitTick = 10 + Scenario.DRAIN_LIMIT_MS / 100;
        assertEquals(Optional.empty(), tick(never, limitTick - 1, notDrained));
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(never, limitTick, notDrained));
    }

    @Test
    void clientsThatNeverFinishAreGivenUpOnAfterDurationTimeoutAndTenSeconds() {
        LoadPhases phases = started(oneSecond(false), false);
        long giveUpTick = (1_000 + 2_000 + 10_000) / 100;
        assertEquals(Optional.empty(), tick(phases, giveUpTick, RUNNING), "not past it yet");
        assertEquals(Optional.of(new RunOutcome.ClientGaveUp(13)), tick(phases, giveUpTick + 1, RUNNING));
    }

    @Test
    void noClientLeftEndsTheLoadThere() {
        LoadPhases phases = started(oneSecond(false), false);
        assertEquals(Optional.of(new RunOutcome.Completed()), tick(phases, 3, new LoadPhases.Seen(false, false, false,
                false)));
    }
}
