package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Moments in reports read as a person writes them. */
class FormatTest {
    @Test
    void aRecordedZonedTimeReadsAsUtcToTheSecond() {
        assertEquals("2026-11-21 19:20:11 UTC", Format.timestamp("2026-11-21T19:20:11.325162447Z[Etc/UTC]"));
        assertEquals("2026-11-21 21:15:56 UTC", Format.timestamp("2026-11-21T21:15:56.872913808Z"));
        assertEquals("2026-11-21 18:20:11 UTC", Format.timestamp("2026-11-21T19:20:11+01:00[Europe/Paris]"));
    }

    @Test
    void somethingElseComesBackAsItWas() {
        assertEquals("yesterday", Format.timestamp("yesterday"));
        assertEquals("unknown", Format.timestamp(""));
    }
}
