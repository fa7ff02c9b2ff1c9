package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading timeseries.csv back by column, on files this test writes itself (values stated here,
 * not measured): TimeSeriesCsvTest reads back what the writer wrote.
 */
class TimeSeriesTest {
    @TempDir
    Path dir;

    private Path csv(String... lines) throws IOException {
        Path file = dir.resolve("timeseries.csv");
        Files.writeString(file, String.join("\n", lines));
        return file;
    }

    @Test
    void eachSideGetsItsOwnRowsInFileOrderWithTimeAndPhase() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,phase,timeWaitSockets",
                "0,client,load,0", "0,server,load,0",
                "100,client,load,5", "100,server,load,1",
                "200,server,drain,2", "200,client,drain,", ""));

        assertEquals(6, series.size());
        TimeSeries.Rows client = series.rows(Side.CLIENT);
        assertEquals(3, client.size());
        assertEquals(200, client.elapsedMs(2));
        assertEquals(Phase.LOAD, client.phase(1));
        assertEquals(Phase.DRAIN, client.phase(2));
        TimeSeries.Column tw = series.column(Side.CLIENT, "timeWaitSockets");
        assertEquals(5, tw.get(1));
        assertFalse(tw.has(2), "not read at this tick");
        assertThrows(NoSuchElementException.class, () -> tw.get(2));
        assertEquals(-1, tw.orElse(2, -1));
        assertEquals(2, series.column(Side.SERVER, "timeWaitSockets").get(2), "the server's third row");
    }

    @Test
    void oneLoadReadsSeveralColumnsOfBothSides() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,phase,completedCount,acceptedCount,failedCount",
                "100,client,load,7,,1", "100,server,load,6,7,0",
                "200,client,load,9,,-0", "200,server,load,8,9,0", ""));

        TimeSeries.Columns loaded = series.load("completedCount", "acceptedCount");

        assertEquals(16, loaded.get(Side.CLIENT, "completedCount").sum());
        assertEquals(14, loaded.get(Side.SERVER, "completedCount").sum());
        assertFalse(loaded.get(Side.CLIENT, "acceptedCount").has(0), "a server-only column");
        assertEquals(16, loaded.get(Side.SERVER, "acceptedCount").sum());
        assertThrows(IllegalArgumentException.class, () -> loaded.get(Side.CLIENT, "failedCount"), "not loaded");
    }

    @Test
    void aRunAcrossHostsKeepsEachHostsRowsUnderItsOwnLabel() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,phase,timeWaitSockets",
                "0,server,load,1", "0,client-1,load,0", "0,client-2,load,0",
                "100,server,load,1", "100,client-1,load,15", "100,client-2,load,", ""));

        assertEquals(List.of("server", "client-1", "client-2"), series.labels(), "in the order of their first rows");
        assertEquals(2, series.rows("client-2").size());
        assertEquals("client-2", series.rows("client-2").label());
        TimeSeries.Columns loaded = series.load("timeWaitSockets");
        assertEquals(15, loaded.get("client-1", "timeWaitSockets").get(1));
        assertFalse(loaded.get("client-2", "timeWaitSockets").has(1), "not read at this tick");
        assertEquals(1, loaded.get(Side.SERVER, "timeWaitSockets").get(1), "a side is its label");
        assertEquals(0, loaded.get(Side.CLIENT, "timeWaitSockets").size(), "no row is labelled plain client");
        assertEquals(0, loaded.get("client-9", "timeWaitSockets").size(), "a label the file lacks has no rows");
        assertThrows(IllegalArgumentException.class, () -> loaded.get("client-9", "failedCount"), "not loaded");
    }

    @Test
    void aColumnAnOlderRunLacksIsKnownFromTheHeaderAndLoadsEmpty() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,phase,timeWaitSockets",
                "100,client,load,5", "100,server,load,1", ""));

        assertTrue(series.hasColumn("timeWaitSockets"));
        assertFalse(series.hasColumn("agentRssKiB"));
        TimeSeries.Column rss = series.column(Side.CLIENT, "agentRssKiB");
        assertEquals(1, rss.size());
        assertFalse(rss.has(0));
    }

    @Test
    void aLastLineCutShortByAKilledRunIsLeftOut() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,phase,timeWaitSockets,completedCount",
                "100,client,load,5,50", "100,server,load,1,49", "200,client,load,9,5"));

        assertEquals(1, series.rows(Side.CLIENT).size(), "'200,client,load,9,5' has no newline: the 5 may be 50");
        assertEquals(50, series.column(Side.CLIENT, "completedCount").get(0));
    }

    @Test
    void aFileWithNoWholeLineHasNoColumnsAndNoRows() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,pha"));

        assertEquals(List.of(), series.header());
        assertEquals(0, series.size());
        assertEquals(0, series.column(Side.CLIENT, "timeWaitSockets").size());
        assertEquals(0, TimeSeries.empty().rows(Side.SERVER).size());
    }

    @Test
    void aCellThatIsNotAWholeNumberIsNamedWithItsLine() throws Exception {
        TimeSeries series = TimeSeries.read(csv("elapsedMs,side,phase,timeWaitSockets",
                "100,client,load,5", "100,server,load,1.5", ""));

        IOException e = assertThrows(IOException.class, () -> series.column(Side.SERVER, "timeWaitSockets"));
        assertEquals("timeseries.csv line 3: timeWaitSockets is '1.5', not a whole number", e.getMessage());
    }

    @Test
    void aWholeLineWithTheWrongNumberOfCellsIsRefused() throws Exception {
        IOException e = assertThrows(IOException.class, () -> TimeSeries.read(csv("elapsedMs,side,phase,timeWaitSockets",
                "100,client,load", "")));
        assertEquals("timeseries.csv line 2 has 3 cells; its header has 4", e.getMessage());
    }

    @Test
    void linesLongerThanTheReadBufferReadWhole() throws Exception {
        // 10,000 columns of 6-digit values: lines of 70 KB, longer than the 64 KiB read buffer.
        int columns = 10_000;
        List<String> header = new ArrayList<>(List.of("elapsedMs", "side", "phase"));
        for (int c = 0; c < columns; c++) {
            header.add("c" + c + "Count");
        }
        List<String> lines = new ArrayList<>(List.of(String.join(",", header)));
        for (int t = 0; t < 20; t++) {
            for (Side side : Side.ENDS) {
                StringBuilder line = new StringBuilder(t * 100 + "," + side.label() + ",load");
                for (int c = 0; c < columns; c++) {
                    line.append(',').append(100_000 + t * 10 + c);
                }
                lines.add(line.toString());
            }
        }
        lines.add("");
        TimeSeries series = TimeSeries.read(csv(lines.toArray(String[]::new)));

        TimeSeries.Columns loaded = series.load("c0Count", "c9999Count");
        assertEquals(20, series.rows(Side.SERVER).size());
        assertEquals(1_900, series.rows(Side.SERVER).elapsedMs(19));
        assertEquals(100_000 + 190 + 9_999, loaded.get(Side.SERVER, "c9999Count").get(19));
        assertEquals(100_000 + 120, loaded.get(Side.CLIENT, "c0Count").get(12));
    }
}
