package dev.twbench.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** latency.hlog read as curves gives what HdrHistogram's own reader gives, interval by interval. */
class LatencyCurvesTest {
    @TempDir
    Path dir;

    @Test
    void eachIntervalOfTheTagIsWhatHdrHistogramsReaderDecodes() throws Exception {
        Path hlog = Fixtures.run(Fixtures.CLEAN).latencyLog();
        List<Histogram> expected = library(hlog, LatencyCurves.CYCLE);

        LatencyCurves cycle = LatencyCurves.read(hlog, LatencyCurves.CYCLE);

        assertEquals(expected.size(), cycle.size());
        for (int i = 0; i < expected.size(); i++) {
            Histogram h = expected.get(i);
            // The library's end time stamp is in whole milliseconds since the epoch, the start time's digits after them.
            assertEquals(h.getEndTimeStamp() / 1000.0 - startTimeSec(hlog), cycle.maxUs().seconds()[i], 0.0015);
            assertEquals(h.getValueAtPercentile(50), cycle.p50Us().values()[i], 0.0, "p50 of interval " + i);
            assertEquals(h.getValueAtPercentile(99), cycle.p99Us().values()[i], 0.0);
            assertEquals(h.getValueAtPercentile(99.9), cycle.p999Us().values()[i], 0.0);
            assertEquals(h.getMaxValue(), cycle.maxUs().values()[i], 0.0);
        }
        assertEquals(library(hlog, LatencyCurves.CONNECT).size(), LatencyCurves.read(hlog, LatencyCurves.CONNECT).size());
    }

    @Test
    void aLogCutShortInItsLastLineKeepsEveryIntervalBeforeIt() throws Exception {
        Path whole = Fixtures.run(Fixtures.CLEAN).latencyLog();
        String text = Files.readString(whole, StandardCharsets.US_ASCII);
        int lastCycle = text.lastIndexOf("Tag=cycle,");
        Path cut = dir.resolve("latency.hlog");
        // Cut in the middle of the last cycle interval's histogram, as a killed run leaves it.
        Files.writeString(cut, text.substring(0, text.indexOf(",HIST", lastCycle) + 20), StandardCharsets.US_ASCII);

        assertEquals(LatencyCurves.read(whole, LatencyCurves.CYCLE).size() - 1,
                LatencyCurves.read(cut, LatencyCurves.CYCLE).size());
    }

    private static List<Histogram> library(Path hlog, String tag) throws Exception {
        List<Histogram> intervals = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try {
            for (EncodableHistogram next; (next = reader.nextIntervalHistogram()) != null; ) {
                if (tag.equals(next.getTag())) {
                    intervals.add((Histogram) next);
                }
            }
        } finally {
            reader.close();
        }
        return intervals;
    }

    private static double startTimeSec(Path hlog) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try {
            reader.nextIntervalHistogram();
            return reader.getStartTimeSec();
        } finally {
            reader.close();
        }
    }
}
