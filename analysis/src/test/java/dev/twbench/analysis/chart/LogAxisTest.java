package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A log axis is read off its labels: every decade, and its 2 and 5 where the decades are few. */
class LogAxisTest {
    @Test
    void belowThreeDecadesEachDecadeIsLabelledAtOneTwoAndFive() {
        // Cycle latency of the clean fixture, in ms: a p50 of 0.15, a max of 25.
        LogAxis axis = LogAxis.spanning(0.15, 25);

        assertEquals(List.of(0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0), axis.labelled());
        assertEquals("0.2", axis.label(0.2));
        assertEquals("", axis.label(0.3), "a bare tick between labels");
        assertEquals("", axis.label(100), "above the axis");
    }

    @Test
    void fromThreeDecadesOnTheDecadesAloneAreLabelled() {
        LogAxis axis = LogAxis.spanning(6.6, 83_740);

        assertEquals(List.of(1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0), axis.labelled());
        assertEquals("", axis.label(2_000));
        assertEquals("10,000", axis.label(10_000));
    }

    @Test
    void aNarrowRangeStillGetsThreeLabels() {
        assertEquals(List.of(2.0, 5.0, 10.0), LogAxis.spanning(5.0, 5.5).labelled());
        assertEquals(List.of(0.5, 1.0, 2.0), LogAxis.spanning(1.0, 1.0).labelled());
    }

    @Test
    void labelsReadAsNumbersWithThousandsSeparatedAndNoStrayDecimals() {
        LogAxis axis = LogAxis.spanning(0.01, 5_000);

        assertEquals("0.01", axis.label(0.01));
        assertEquals("1", axis.label(1));
        assertEquals("1,000", axis.label(1_000));
    }

    @Test
    void onlyValuesMoreThanAHundredfoldApartNeedALogAxis() {
        assertTrue(LogAxis.needed(6.6, 83_740), "sockstat beside /proc/net/tcp");
        assertFalse(LogAxis.needed(11.9, 290), "24 times: a linear axis shows both");
        assertFalse(LogAxis.needed(0, 100), "a zero has no place on a log axis");
    }
}
