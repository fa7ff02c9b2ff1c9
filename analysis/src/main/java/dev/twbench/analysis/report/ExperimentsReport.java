package dev.twbench.analysis.report;

import dev.twbench.analysis.chart.ChartOutcome;
import dev.twbench.analysis.chart.ExperimentCharts;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.experiment.result.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An {@code experiments} run as a report for a reader new to TIME_WAIT: what the experiments
 * are, every verdict in one table, then each experiment's claim, source, method, observation,
 * verdict, figures and curve. Every word and number comes from experiments.json.
 *
 * <pre>{@code
 * ExperimentsFile run = ExperimentsFile.read(dir);
 * List<ChartOutcome> charts = ExperimentCharts.draw(run.results(), dir.resolve("charts"));
 * Report report = ExperimentsReport.of(run, charts);
 * }</pre>
 */
public final class ExperimentsReport {
    /** How many figures the verdict table shows per experiment; its own section has them all. */
    static final int KEY_FIGURES = 2;

    private ExperimentsReport() {
    }

    /**
     * @param charts what {@link ExperimentCharts#draw} made of {@code run}'s curves: a drawn one is
     *               shown, one without points is its sentence
     */
    public static Report of(ExperimentsFile run, List<ChartOutcome> charts) {
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("What this is", whatThisIs()));
        sections.add(new Report.Section("Verdicts", List.of(verdicts(run.results()))));
        for (ExperimentResult result : run.results()) {
            sections.add(new Report.Section(result.title(), experiment(result, charts)));
        }
        sections.add(new Report.Section("Raw data", List.of(new Report.FileList(
                List.of(Path.of(ExperimentsFile.NAME)),
                List.of("every experiment as recorded: claim, method, observation, verdict, figures and curves")))));
        return new Report("twbench experiments: " + run.id(), subtitle(run), sections);
    }

    private static String subtitle(ExperimentsFile run) {
        int n = run.results().size();
        return String.format(Locale.ROOT, "Linux %s · started %s · %d experiment%s%s", run.kernel(),
                Format.timestamp(run.startedAt()), n, n == 1 ? "" : "s", run.quick() ? " · quick (the 60 s experiments were not run)" : "");
    }

    private static List<Report.Block> whatThisIs() {
        return List.of(Report.Paragraph.of("When a TCP connection closes, the side that closed it first keeps it"
                        + " for a while in a state called TIME_WAIT (60 seconds on Linux), so that late packets of the"
                        + " old connection cannot be taken for a new one; meanwhile its addresses and ports are not"
                        + " quite free. Each claim about this from the documents named below was turned into an"
                        + " experiment and run on this machine's kernel, in fresh network namespaces so that nothing"
                        + " else on the machine could sway the result. Each experiment ends in one of these verdicts:"),
                new Report.Bullets(Arrays.stream(Verdict.values()).map(v -> v.text() + ": " + meaning(v)).toList()));
    }

    private static String meaning(Verdict verdict) {
        return switch (verdict) {
            case HOLDS -> "the kernel did what the claim says.";
            case DOES_NOT_HOLD -> "the kernel did something else; the experiment says what.";
            case HOLDS_WITH_LINUX_DIFFERENCE -> "true in substance, but Linux gets there differently from what the"
                    + " source describes; the experiment says how.";
            case NOT_RUN -> "skipped on purpose (a 60 s experiment in a quick run, say), so no verdict on the claim.";
            case FAILED -> "the experiment itself could not be carried out (an error, a timeout), so it says"
                    + " nothing about the claim.";
        };
    }

    private static Report.Table verdicts(List<ExperimentResult> results) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        for (ExperimentResult r : results) {
            if (r.verdict() == Verdict.FAILED) {
                failed.add(rows.size());
            }
            rows.add(List.of(r.title(), r.verdict().text(), keyFigures(r), timeTaken(r)));
        }
        return new Report.Table(List.of("experiment", "verdict", "key figures", "time taken"), rows, failed);
    }

    /** {@code rebindSeconds = 60.4; eaddrinuseCount = 1} */
    private static String keyFigures(ExperimentResult r) {
        return r.figures().entrySet().stream().limit(KEY_FIGURES)
                .map(e -> FigureLabels.of(e.getKey()) + " = " + Format.number(e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** Nothing for an experiment that was not run: "0.0 s" would read as measured. */
    private static String timeTaken(ExperimentResult r) {
        return r.verdict() == Verdict.NOT_RUN ? "" : Format.seconds(r.durationMs() / 1000.0);
    }

    private static List<Report.Block> experiment(ExperimentResult r, List<ChartOutcome> charts) {
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(Report.Paragraph.of("Claim: " + r.claim()));
        blocks.add(Report.Paragraph.of("Source: " + (r.source() == null ? "not recorded" : r.source().title())));
        if (r.method() != null) {
            blocks.add(Report.Paragraph.of("What we did: " + r.method()));
        }
        if (r.observed() != null) {
            blocks.add(Report.Paragraph.of("What we saw: " + r.observed()));
        }
        // A claim the kernel contradicts, or an experiment that could not say, must not be skimmed over.
        boolean warning = r.verdict() == Verdict.DOES_NOT_HOLD || r.verdict() == Verdict.FAILED;
        blocks.add(new Report.Paragraph("Verdict: " + r.verdict().text()
                + (r.linuxDifference() == null ? "" : " — " + r.linuxDifference()), warning));
        if (!r.figures().isEmpty()) {
            blocks.add(Report.Table.of(List.of("figure", "value"), r.figures().entrySet().stream()
                    .map(e -> List.of(FigureLabels.of(e.getKey()), Format.number(e.getValue()))).toList()));
        }
        ExperimentCharts.outcomeFor(charts, r.name()).ifPresent(c -> blocks.add(new Report.Figure(c)));
        return blocks;
    }
}
