package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void attemptLimitEndsTheScheduleEarly() {
        AttemptSchedule s = new AttemptSchedule(T0, 60 * SECOND, 0, 3);
        assertEquals(T0, s.dueNs(2, T0));
        assertEquals(AttemptSchedule.NEVER, s.dueNs(3, T0));
    }
}
