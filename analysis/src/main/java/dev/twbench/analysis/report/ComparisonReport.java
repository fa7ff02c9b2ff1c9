package dev.twbench.analysis.report;

import dev.twbench.analysis.capacity.PredictionCheck;
import dev.twbench.analysis.chart.ChartOutcome;
import dev.twbench.analysis.chart.LabelledRun;
import dev.twbench.analysis.comparison.ComparisonTable;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.sweep.SweepState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several runs side by side: a sweep's variants, or runs named on the command line. One row per
 * run in every table, one curve per run in every chart.
 */
public final class ComparisonReport {
    private ComparisonReport() {
    }

    /**
     * As {@link #build}, with every chart as {@link dev.twbench.analysis.chart.ComparisonCharts#draw}
     * made it: one with nothing to draw is its sentence.
     */
    public static Report of(String title, SweepState sweep, List<LabelledRun> runs, List<ChartOutcome> charts,
            Report.FileList links) {
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("What was run", whatWasRun(sweep, runs)));

        List<PredictionCheck> checks = new ArrayList<>();
        List<List<String>> leading = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        List<Report.Block> warnings = new ArrayList<>();
        for (SweepState.VariantState v : sweep.variants()) {
            findings.add(finding(v));
        }
        for (LabelledRun run : runs) {
            List<PredictionCheck> runChecks = RunReport.checks(run.run());
            runChecks.forEach(c -> {
                checks.add(c);
                leading.add(List.of(run.label()));
            });
            PredictionTable.disagreements(run.label() + ": ", runChecks)
                    .forEach(d -> warnings.add(new Report.Paragraph(d, true)));
        }
        List<Report.Block> findingBlocks = new ArrayList<>(List.of(new Report.Bullets(findings)));
        findingBlocks.addAll(warnings);
        sections.add(new Report.Section("Findings", findingBlocks));

        ComparisonTable table = ComparisonTable.of(sweep);
        sections.add(new Report.Section("Comparison", List.of(Report.Table.of(table.header(), table.rows()))));
        sections.add(new Report.Section("Predictions vs measurements", List.of(
                PredictionTable.withLeading(List.of("run"), checks, leading))));
        sections.add(new Report.Section("Charts", charts.stream().<Report.Block>map(Report.Figure::new).toList()));
        sections.add(new Report.Section("Raw data", List.of(links)));
        String subtitle = String.format(Locale.ROOT, "%s · %d runs · started %s", sweep.sweepId(),
                sweep.variants().size(), Format.timestamp(sweep.startedAt()));
        return new Report(title, subtitle, sections);
    }

    private static List<Report.Block> whatWasRun(SweepState sweep, List<LabelledRun> runs) {
        List<Report.Block> blocks = new ArrayList<>();
        if (!sweep.runArgs().isEmpty()) {
            blocks.add(Report.Paragraph.of("Shared by every run: " + String.join(" ", sweep.runArgs())));
        }
        if (!sweep.axes().isEmpty()) {
            blocks.add(Report.Table.of(List.of("varied", "values"), sweep.axes().stream()
                    .map(a -> List.of(a.key(), String.join(", ", a.values()))).toList()));
        }
        blocks.add(Report.Table.of(List.of("run", "scenario"), runs.stream()
                .map(r -> List.of(r.label(), RunReport.scenarioLine(r.run()))).toList()));
        return blocks;
    }

    private static String finding(SweepState.VariantState v) {
        Summary s = v.summary();
        if (s == null) {
            return v.name() + ": " + v.status().name().toLowerCase(Locale.ROOT)
                    + (v.reason() == null ? "" : " (" + v.reason() + ")") + ", no summary.";
        }
        String failures = s.failed() == 0 ? "no failure"
                : String.format(Locale.ROOT, "%s failed, the first after %s (%s)", Format.count(s.failed()),
                        Format.seconds(s.firstFailureSecond()), s.failures());
        return String.format(Locale.ROOT, "%s: %s at %s, %s; TIME_WAIT peak client %s, server %s.", v.name(),
                Format.count(s.completed()), Format.rate(s.achievedRateCps()), failures,
                Format.count(s.timeWait().get("client").peak()), Format.count(s.timeWait().get("server").peak()));
    }

    /** Loose runs as a sweep without axes, so both print through the same tables. */
    public static SweepState asSweep(String id, List<LabelledRun> runs, List<Path> dirs) {
        List<SweepState.VariantState> variants = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Summary s = runs.get(i).run().summary();
            variants.add(new SweepState.VariantState(i + 1, runs.get(i).label(), Map.of(), List.of(),
                    s == null ? SweepState.Status.FAILED : SweepState.Status.COMPLETED,
                    s == null ? "no summary.json" : null, dirs.get(i).toString(), s));
        }
        String started = runs.isEmpty() || runs.get(0).run().manifest() == null ? ""
                : runs.get(0).run().manifest().path("startedAt").asText("");
        return new SweepState(id, started, List.of(), List.of(), variants);
    }
}
