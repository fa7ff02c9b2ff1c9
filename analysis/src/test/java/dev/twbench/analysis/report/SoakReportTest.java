package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.soak.MemorySeries;
import dev.twbench.analysis.soak.SoakVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A soak's report: the soak's title and verdict first, then the run's report as it was. */
class SoakReportTest {
    private static final Report RUN = new Report("twbench run: 20261121-222313-soak", "Linux 6.18 · 2 cores",
            List.of(new Report.Section("What was run", List.of(Report.Paragraph.of("5,000 connections/s")))));

    private static SoakVerdict verdict(long serverRowsKiB, long clientLastWindowKiB) {
        return new SoakVerdict("20261121-222313-soak", 600_000, 100, 6_000, 6_000, serverRowsKiB, 136, 60_000, 60_000,
                List.of(new MemorySeries("client agent RSS", MemorySeries.Statistic.MEDIAN, 132_128L, 134_172, 132_392,
                        clientLastWindowKiB, 21_431)));
    }

    @Test
    void aPassedSoakIsTitledAsASoakAndOpensWithItsVerdictAndMemoryTable() {
        Report soak = SoakReport.build(RUN, verdict(6_000, 134_168));
        assertEquals("twbench soak: 20261121-222313-soak", soak.title());
        assertEquals(List.of("Soak verdict", "What was run"), soak.sections().stream().map(Report.Section::heading)
                .toList());
        Report.Paragraph verdict = (Report.Paragraph) soak.sections().get(0).blocks().get(0);
        assertEquals("Passed: every interval of the load is on disk, and twbench's memory stayed flat after the"
                + " warm-up.", verdict.text());
        Report.Table memory = (Report.Table) soak.sections().get(0).blocks().get(2);
        assertEquals(List.of("client agent RSS", "median", "129.0", "129.3", "131.0", "+1.7", "20.9", "flat"),
                memory.rows().get(0));
        assertEquals(List.of(), memory.flaggedRows());
    }

    @Test
    void aSoakWhoseMemoryGrewOrLostIntervalsFailsAndFlagsWhatDid() {
        Report soak = SoakReport.build(RUN, verdict(5_990, 132_392 + 30_000));
        assertTrue(soak.subtitle().startsWith("FAILED"), soak.subtitle());
        Report.Paragraph verdict = (Report.Paragraph) soak.sections().get(0).blocks().get(0);
        assertTrue(verdict.warning() && verdict.text().equals("Failed: intervals are missing, and twbench's memory"
                + " grew after the warm-up beyond what is allowed."), verdict.text());
        assertEquals(List.of(0), ((Report.Table) soak.sections().get(0).blocks().get(2)).flaggedRows());
    }
}
