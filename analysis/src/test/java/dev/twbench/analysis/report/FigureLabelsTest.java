package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Experiment figures read as words, with units and the sysctl they were measured under. */
class FigureLabelsTest {
    @Test
    void aFigureMeasuredUnderASysctlNamesItAfterAComma() {
        assertEquals("first left (s), tcp_fin_timeout=5", FigureLabels.of("firstLeftSecondsFinTimeout5"));
        assertEquals("sustained (per second), tcp_tw_reuse=1, delay 100 ms",
                FigureLabels.of("sustainedCpsTwReuse1Delay100"));
        assertEquals("TW recycled, tcp_tw_reuse=0", FigureLabels.of("twRecycledTwReuse0"));
    }

    @Test
    void kernelNamesKeepTheirSpellingAndUnitsStandInBrackets() {
        assertEquals("client first client TIME_WAIT", FigureLabels.of("clientFirstClientTimeWait"));
        assertEquals("idle timeout cycle p50 (ms)", FigureLabels.of("idleTimeoutCycleP50Ms"));
        assertEquals("MiB per 100k TIME_WAIT", FigureLabels.of("mibPer100kTimeWait"));
        assertEquals("bound after (s), both", FigureLabels.of("boundAfterSecondsBoth"));
        assertEquals("bytes per TCP socket", FigureLabels.of("bytesPerTcpSocket"));
    }
}
