package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttemptScheduleTest {
    private static final long T0 = 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void openLoopAttemptKIsDueAtKOverRate() {
        AttemptSchedule s = new AttemptSchedule(T0, 10 * SECOND, 2000);
        assertEquals(T0, s.dueNs(0, 0));
        assertEquals(T0 + 500_000, s.dueNs(1, 0));
        assertEquals(T0 + SECOND, s.dueNs(2000, 0));
    }

    @Test
    void openLoopSchedulesExactlyRateTimesDurationAttempts() {
        AttemptSchedule s = new AttemptSchedule(T0, 10 * SECOND, 2000);
        assertEquals(T0 + 10 * SECOND - 500_000, s.dueNs(19_999, 0));
        assertEquals(AttemptSchedule.NEVER, s.dueNs(20_000, 0));
        assertEquals(20_000, s.dueCount(T0 + 60 * SECOND));
    }

    @Test
    void dueCountGrowsWithTimeNotWithProgress() {
        AttemptSchedule s = new AttemptSchedule(T0, 10 * SECOND, 500);
        assertEquals(0, s.dueCount(T0 - 1));
        assertEquals(1, s.dueCount(T0));
        assertEquals(1001, s.dueCount(T0 + 2 * SECOND));
    }

    @Test
    void closedLoopIsDueNowUntilTheEnd() {
        AttemptSchedule s = new AttemptSchedule(T0, SECOND, 0);
        assertEquals(T0 + 123, s.dueNs(99, T0 + 123));
        assertEquals(AttemptSchedule.NEVER, s.dueNs(100, T0 + SECOND));
    }

    @Test
    void ratesWithoutAnExactPeriodStillScheduleExactlyRateTimesDuration() {
        for (long rate : new long[] {29, 77, 83, 997, 3001}) {
            AttemptSchedule s = new AttemptSchedule(T0, SECOND, rate);
            assertTrue(s.dueNs(rate - 1, 0) < T0 + SECOND, "attempt " + (rate - 1) + " at rate " + rate);
            assertEquals(AttemptSchedule.NEVER, s.dueNs(rate, 0), "attempt " + rate + " at rate " + rate);
            assertEquals(rate, s.dueCount(T0 + 5 * SECOND), "rate " + rate);
        }
    }

    @Test
    void dueCountAgreesWithDueTimes() {
        AttemptSchedule s = new AttemptSchedule(T0, 3 * SECOND, 77);
        for (long k = 0; k < 231; k++) {
            long due = s.dueNs(k, 0);
            assertEquals(k, s.dueCount(due - 1), "just before attempt " + k);
            assertEquals(k + 1, s.dueCount(due), "at attempt " + k);
        }
    }

    @Test
    void nothingStartsOnceTheLoadsTimeIsUp() {
        AttemptSchedule s = new AttemptSchedule(T0, SECOND, 100);
        assertFalse(s.isOver(T0 + SECOND - 1));
        assertTrue(s.isOver(T0 + SECOND));
    }

    @Test
    void aCountedClosedLoopMakesExactlyThatManyAttemptsDue() {
        AttemptSchedule batch = AttemptSchedule.closedLoopOf(0, 5);
        for (long k = 0; k < 5; k++) {
            assertEquals(1_000 + k, batch.dueNs(k, 1_000 + k), "attempt " + k + " is due when it can start");
        }
        assertEquals(AttemptSchedule.NEVER, batch.dueNs(5, 2_000));
        assertEquals(false, batch.isOver(Long.MAX_VALUE / 2), "no time limit");
    }
}
