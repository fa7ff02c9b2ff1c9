package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twbench.loadgen.agent.LatencyLogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's latency table adds up every interval of latency.hlog, per metric. */
class LatencyTableTest {
    @TempDir
    Path dir;

    @Test
    void everyIntervalCountsAndTheStatisticsAreTheWholeRunsPerMetric() throws Exception {
        Histogram connect1 = new Histogram(3);
        Histogram connect2 = new Histogram(3);
        Histogram cycle = new Histogram(3);
        for (int us = 100; us <= 150; us++) {
            connect1.recordValue(us);
        }
        for (int us = 151; us <= 200; us++) {
            connect2.recordValue(us);
        }
        cycle.recordValue(1_000);
        Path hlog = dir.resolve("latency.hlog");
        Files.writeString(hlog, LatencyLogLines.of(0, 100, connect1, new Histogram(3))
                + LatencyLogLines.of(100, 200, connect2, cycle));

        Report.Table table = (Report.Table) LatencyTable.of(hlog);
        assertEquals(LatencyTable.HEADERS, table.headers());
        // 101 connects, 100 to 200 µs: mean and median 150, p90 190, p99 199, p99.9 and max 200.
        assertEquals(List.of("connect", "101", "150", "150", "190", "199", "200", "200"), table.rows().get(0));
        assertEquals(List.of("cycle", "1", "1,000", "1,000", "1,000", "1,000", "1,000", "1,000"), table.rows().get(1));
    }

    @Test
    void aRunWithoutALogSaysSo() throws Exception {
        Report.Block block = LatencyTable.of(dir.resolve("latency.hlog"));
        assertEquals(Report.Paragraph.class, block.getClass());
    }
}
