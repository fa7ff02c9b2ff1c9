package dev.twbench.analysis.report;

import dev.twbench.analysis.soak.MemorySeries;
import dev.twbench.analysis.soak.SoakVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A soak's report: the run's own report under the soak's title, opened by what the soak is for,
 * its verdict (every interval on disk, memory flat after the warm-up) and the memory table that
 * decided it. The figures are soak.json's, which {@code soak} wrote from the run folder.
 */
public final class SoakReport {
    /** The verdict's file in the run folder. */
    public static final String FILE = "soak.json";
    private static final double KIB_PER_MIB = 1024.0;

    private SoakReport() {
    }

    public static Report build(Report runReport, SoakVerdict v) {
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("Soak verdict", List.of(verdict(v), intervals(v), memory(v))));
        sections.addAll(runReport.sections());
        return new Report("twbench soak: " + v.runId(), (v.passed() ? "passed" : "FAILED") + " · "
                + runReport.subtitle(), sections);
    }

    private static Report.Paragraph verdict(SoakVerdict v) {
        String text = String.format(Locale.ROOT, "%s: %s, and %s.", v.passed() ? "Passed" : "Failed",
                v.everyInterval() ? "every interval of the load is on disk" : "intervals are missing",
                v.memoryFlat() ? "twbench's memory stayed flat after the warm-up"
                        : "twbench's memory grew after the warm-up beyond what is allowed");
        return new Report.Paragraph(text, !v.passed());
    }

    private static Report.Paragraph intervals(SoakVerdict v) {
        return new Report.Paragraph(String.format(Locale.ROOT, "Rows in the load: %s expected per side (%s ms / %s ms"
                        + " interval), client %s, server %s; the longest gap between two rows of one side was %s ms.",
                Format.count(v.expectedLoadRows()), Format.count(v.durationMs()), Format.count(v.intervalMs()),
                Format.count(v.clientLoadRows()), Format.count(v.serverLoadRows()), Format.count(v.largestGapMs())),
                !v.everyInterval());
    }

    private static Report.Table memory(SoakVerdict v) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> flagged = new ArrayList<>();
        for (MemorySeries m : v.memory()) {
            if (!m.flat()) {
                flagged.add(rows.size());
            }
            rows.add(List.of(m.name(), m.statistic().name().toLowerCase(Locale.ROOT),
                    m.atOneMinuteKiB() == null ? "-" : mib(m.atOneMinuteKiB()), mib(m.afterWarmupKiB()),
                    mib(m.lastWindowKiB()), String.format(Locale.ROOT, "%+.1f", m.growthKiB() / KIB_PER_MIB),
                    mib(m.allowedGrowthKiB()), m.flat() ? "flat" : "grows"));
        }
        String window = Format.count(v.windowMs() / 1000) + " s";
        return new Report.Table(List.of("memory (MiB)", "each " + window + " window's", "at 1 min",
                "first window after " + Format.count(v.warmupMs() / 1000) + " s warm-up", "last window", "growth",
                "growth allowed", "verdict"), rows, flagged);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / KIB_PER_MIB);
    }
}
