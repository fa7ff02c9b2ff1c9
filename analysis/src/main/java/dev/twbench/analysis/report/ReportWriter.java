package dev.twbench.analysis.report;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityModel;
import dev.twbench.analysis.chart.CapacityLine;
import dev.twbench.analysis.chart.ChartFile;
import dev.twbench.analysis.chart.ChartOutcome;
import dev.twbench.analysis.chart.ComparisonCharts;
import dev.twbench.analysis.chart.ExperimentCharts;
import dev.twbench.analysis.chart.FleetCharts;
import dev.twbench.analysis.chart.JmhCharts;
import dev.twbench.analysis.chart.LabelledRun;
import dev.twbench.analysis.chart.RunCharts;
import dev.twbench.analysis.results.FleetResults;
import dev.twbench.analysis.results.JmhResult;
import dev.twbench.analysis.results.RunResults;
import dev.twbench.analysis.soak.SoakVerdict;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sweep.SweepState;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes report.html, report.md and charts/ for a run folder (one machine's or a run across hosts'),
 * a sweep folder, several runs, a JMH result file or an experiments folder, from the files on disk alone, so a report can be
 * regenerated at any time:
 *
 * <pre>{@code
 * ReportWriter.Written w = ReportWriter.forRun(Path.of("results/20261121-160000-run"));
 * w.html();   // results/20261121-160000-run/report.html, charts inlined
 * ReportWriter.forExperiments(Path.of("results/20261122-090000-experiments"));   // each claim's verdict
 * ReportWriter.forFleet(Path.of("results/20261201-193445-run"));   // a run across hosts (forRun tells it too)
 * }</pre>
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    public static final String CHARTS = "charts";

    public record Written(Path html, Path markdown, List<ChartFile> charts) {
    }

    private ReportWriter() {
    }

    /** A run folder's report: a run across hosts' ({@link #forFleet}) if the folder holds one. */
    public static Written forRun(Path runDir) throws IOException {
        if (FleetResults.isFleet(runDir)) {
            return forFleet(runDir);
        }
        return forRun(RunResults.load(runDir));
    }

    /**
     * The report of a run across hosts ({@code run --server-agent --client-agent ...}): each host's
     * TIME_WAIT, failures and latency beside the fleet's, into the run folder.
     *
     * @throws IllegalArgumentException the folder is not a run across hosts ({@link FleetResults#isFleet})
     */
    public static Written forFleet(Path runDir) throws IOException {
        if (!FleetResults.isFleet(runDir)) {
            throw new IllegalArgumentException("invalid PATH '" + runDir + "': not a run across hosts (run.json's"
                    + " lab.kind is not " + FleetResults.KIND + ")");
        }
        FleetResults fleet = FleetResults.load(runDir);
        FleetCharts.Drawn charts = FleetCharts.draw(fleet, runDir.resolve(CHARTS));
        return write(FleetReport.of(fleet, charts), runDir, ChartOutcome.drawn(charts.all()));
    }

    /** A run's report; a soak's (a run folder with soak.json) opens with the soak's verdict. */
    private static Written forRun(RunResults run) throws IOException {
        Path runDir = run.folder().dir();
        List<ChartOutcome> charts = RunCharts.draw(run, capacityLines(run), runDir.resolve(CHARTS));
        Report report = RunReport.of(run, charts);
        Path soak = runDir.resolve(SoakReport.FILE);
        if (Files.isRegularFile(soak)) {
            report = SoakReport.build(report, Json.MAPPER.readValue(soak.toFile(), SoakVerdict.class));
        }
        return write(report, runDir, ChartOutcome.drawn(charts));
    }

    /** The sweep's report, and each variant's own report (regenerated from its folder). */
    public static Written forSweep(Path sweepDir) throws IOException {
        SweepState sweep = SweepState.read(sweepDir);
        List<LabelledRun> runs = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(Path.of(SweepState.FILE), Path.of("comparison.csv"),
                Path.of("comparison.md")));
        List<String> what = new ArrayList<>(List.of("the matrix and each run's outcome",
                "one row per variant", "the same as a Markdown table"));
        for (SweepState.VariantState v : sweep.variants()) {
            if (v.runDir() == null || !Files.isRegularFile(sweepDir.resolve(v.runDir()).resolve("run.json"))) {
                continue;
            }
            RunResults run = RunResults.load(sweepDir.resolve(v.runDir()));
            forRun(run);
            runs.add(new LabelledRun(v.name(), run));
            files.add(Path.of(v.runDir(), HTML));
            what.add("the report of " + v.name());
        }
        List<ChartOutcome> charts = ComparisonCharts.draw(runs, sweepDir.resolve(CHARTS));
        Report report = ComparisonReport.of("twbench sweep: " + sweep.sweepId(), sweep, runs, charts,
                new Report.FileList(files, what));
        return write(report, sweepDir, ChartOutcome.drawn(charts));
    }

    /** Several run folders side by side, in a new folder {@code outDir}. */
    public static Written forRuns(List<Path> runDirs, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<LabelledRun> runs = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (Path dir : runDirs) {
            if (FleetResults.isFleet(dir)) {
                // Its sides are hosts: side by side with one-machine runs, its curves would be read wrongly.
                throw new IllegalArgumentException("invalid PATH '" + dir + "': a run across hosts must be given"
                        + " alone");
            }
            RunResults run = RunResults.load(dir);
            forRun(run);
            runs.add(new LabelledRun(dir.getFileName().toString(), run));
            links.add(outDir.toAbsolutePath().relativize(dir.toAbsolutePath().resolve(HTML)));
            what.add("the run's own report");
        }
        List<ChartOutcome> charts = ComparisonCharts.draw(runs, outDir.resolve(CHARTS));
        SweepState asSweep = ComparisonReport.asSweep(outDir.getFileName().toString(), runs,
                runDirs.stream().map(d -> outDir.toAbsolutePath().relativize(d.toAbsolutePath())).toList());
        Report report = ComparisonReport.of("twbench: " + runs.size() + " runs side by side", asSweep, runs, charts,
                new Report.FileList(links, what));
        return write(report, outDir, ChartOutcome.drawn(charts));
    }

    /** A JMH result file ({@code -rf json}), into {@code outDir}. */
    public static Written forJmh(Path jmhJson, Path outDir) throws IOException {
        List<JmhResult> results;
        JsonNode raw;
        try {
            raw = Json.MAPPER.readTree(jmhJson.toFile());
            results = JmhResult.readAll(jmhJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid PATH '" + jmhJson + "': not a JMH JSON result file ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!raw.isArray() || results.isEmpty() || results.stream().anyMatch(r -> r.benchmark().isEmpty())) {
            throw new IllegalArgumentException("invalid PATH '" + jmhJson + "': not a JMH JSON result file (expected"
                    + " the array that -rf json writes)");
        }
        Files.createDirectories(outDir);
        List<ChartFile> charts = JmhCharts.render(jmhJson, outDir.resolve(CHARTS));
        Path link = outDir.toAbsolutePath().relativize(jmhJson.toAbsolutePath());
        Report report = JmhReport.build(jmhJson.getFileName().toString(), raw, results, charts,
                new Report.FileList(List.of(link), List.of("the JMH result file")));
        return write(report, outDir, charts);
    }

    /**
     * An {@code experiments} folder (experiments.json), into that folder.
     *
     * @throws IllegalArgumentException if an experiment lacks what every section shows (name, title,
     *                                  claim, verdict): not a file the experiments command wrote
     */
    public static Written forExperiments(Path dir) throws IOException {
        ExperimentsFile run = ExperimentsFile.read(dir);
        for (ExperimentResult r : run.results()) {
            if (r.name() == null || r.title() == null || r.claim() == null || r.verdict() == null) {
                throw new IllegalArgumentException("invalid PATH '" + dir + "': " + ExperimentsFile.NAME
                        + " has an experiment without its name, title, claim or verdict");
            }
        }
        List<ChartOutcome> charts = ExperimentCharts.draw(run.results(), dir.resolve(CHARTS));
        return write(ExperimentsReport.of(run, charts), dir, ChartOutcome.drawn(charts));
    }

    static Written write(Report report, Path dir, List<ChartFile> charts) throws IOException {
        Path html = dir.resolve(HTML);
        Path md = dir.resolve(MARKDOWN);
        Files.writeString(html, HtmlRenderer.render(report), StandardCharsets.UTF_8);
        Files.writeString(md, MarkdownRenderer.render(report, dir), StandardCharsets.UTF_8);
        return new Written(html, md, charts);
    }

    /** The limits each side's TIME_WAIT can run into: the client's 4-tuples, and tcp_max_tw_buckets. */
    static Map<Side, List<CapacityLine>> capacityLines(RunResults run) {
        Map<Side, List<CapacityLine>> lines = new EnumMap<>(Side.class);
        CapacityInputs in = RunReport.inputs(run);
        if (in == null) {
            return lines;
        }
        long pool = CapacityModel.portPool(in);
        lines.put(Side.CLIENT, List.of(new CapacityLine("client 4-tuples (ports)", pool),
                new CapacityLine("tcp_max_tw_buckets (client)", in.clientMaxTwBuckets())));
        lines.put(Side.SERVER, List.of(new CapacityLine("tcp_max_tw_buckets (server)", in.serverMaxTwBuckets())));
        return lines;
    }
}
