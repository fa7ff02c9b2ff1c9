package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.twbench.loadgen.agent.LatencyLogLines;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * latency.hlog is written in two places: its header by the orchestrator, each interval's lines by
 * the client agent. Read back with HdrHistogram's own reader, it must be one log.
 */
class LatencyLogTest {
    @TempDir
    Path dir;

    @Test
    void agentLinesUnderTheOrchestratorsHeaderReadBackAsOneLog() throws Exception {
        Path file = dir.resolve("latency.hlog");
        Histogram connect = latencies(40, 900);
        Histogram cycle = latencies(120, 17_423);
        Histogram empty = new Histogram(3);
        try (LatencyLog log = new LatencyLog(file, 1_700_000_000_000L)) {
            log.append(LatencyLogLines.of(0, 100, connect, cycle));
            log.append(LatencyLogLines.of(100, 200, empty, empty)); // nothing recorded: no line
            log.append(LatencyLogLines.of(200, 300, empty, cycle));
        }
        HistogramLogReader reader = reader(file);
        assertInterval(reader.nextIntervalHistogram(), LatencyLogLines.CONNECT, 0, 100, connect);
        assertInterval(reader.nextIntervalHistogram(), LatencyLogLines.CYCLE, 0, 100, cycle);
        assertInterval(reader.nextIntervalHistogram(), LatencyLogLines.CYCLE, 200, 300, cycle);
        assertNull(reader.nextIntervalHistogram());
        assertEquals(1_700_000_000.0, reader.getStartTimeSec(), 0.001);
    }

    private static void assertInterval(Object read, String tag, long fromMs, long toMs, Histogram expected) {
        Histogram h = (Histogram) read;
        assertEquals(tag, h.getTag());
        assertEquals(fromMs, h.getStartTimeStamp() - 1_700_000_000_000L, "start of " + tag);
        assertEquals(toMs, h.getEndTimeStamp() - 1_700_000_000_000L, "end of " + tag);
        assertEquals(expected.getTotalCount(), h.getTotalCount());
        assertEquals(expected.getValueAtPercentile(99), h.getValueAtPercentile(99));
        assertEquals(expected.getMaxValue(), h.getMaxValue());
    }

    /** Values from {@code lowUs} to {@code highUs}, more of them low, as latencies are. */
    private static Histogram latencies(long lowUs, long highUs) {
        Histogram h = new Histogram(3);
        for (long us = lowUs; us <= highUs; us = us * 11 / 10 + 1) {
            h.recordValueWithCount(us, Math.max(1, 1_000 / us));
        }
        return h;
    }

    private static HistogramLogReader reader(Path file) throws FileNotFoundException {
        return new HistogramLogReader(file.toFile());
    }
}
