package dev.twbench.bench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twbench.analysis.report.ReportWriter;
import dev.twbench.analysis.results.FleetResults;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.sweep.SweepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code report}: regenerates report.html, report.md and charts from results on disk. */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = false,
        headerHeading = "", header = "Render charts and a report from results already on disk.",
        description = {
                "Reads only the files a run, sweep or experiments run wrote, so a report can be regenerated, or made",
                "for runs from another machine. Writes report.html (self-contained, charts inline), report.md and",
                "charts/ (PNG and SVG):",
                "  one run folder        into that folder (a run across hosts too: each host and the fleet)",
                "  one sweep folder      into that folder, and each variant's report into its run folder",
                "  several run folders   side by side, into a new folder under --out",
                "  a JMH result file     (-rf json) into <file name>-report/ beside it, or --out",
                "  an experiments folder (experiments.json) into that folder: each claim and its verdict",
                ""},
        footer = {"", "Examples:",
                "  report results/20261121-160000-run",
                "  report results/20261121-170000-sweep",
                "  report results/20261121-160000-run results/20261121-161000-run",
                "  report jmh-result.json",
                "  report results/20261122-090000-experiments",
                "",
                "Exit codes: 0 written, 1 could not be written (e.g. the Java heap ran out: give it more with -Xmx),",
                "2 bad input."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "run folders, one sweep folder, one experiments folder, or one JMH JSON result file")
    private List<Path> paths;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where a side-by-side or JMH report goes (default: results/ for several runs, beside the"
                    + " file for JMH)")
    private Path out;

    @Override
    public Integer call() throws Exception {
        try {
            return render();
        } catch (JsonProcessingException e) {
            // A results file that is not what twbench wrote: bad input, named, not a stack trace.
            throw new InvalidScenarioException("invalid PATH: a results file is not valid JSON of its kind ("
                    + e.getOriginalMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw HeapExhaustedException.reading(paths, "report " + paths.stream().map(Path::toString)
                    .collect(Collectors.joining(" ")) + (out == null ? "" : " --out " + out));
        }
    }

    private int render() throws Exception {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new InvalidScenarioException("invalid PATH '" + p + "': no such file or folder");
            }
        }
        ReportWriter.Written written;
        Path first = paths.get(0);
        if (paths.size() == 1 && Files.isRegularFile(first)) {
            try {
                written = ReportWriter.forJmh(first, out != null ? out : siblingFolder(first));
            } catch (IllegalArgumentException notJmh) {
                throw new InvalidScenarioException(notJmh.getMessage());
            }
        } else if (paths.size() == 1 && Files.isRegularFile(first.resolve(ExperimentsFile.NAME))) {
            try {
                written = ReportWriter.forExperiments(first);
            } catch (IllegalArgumentException incomplete) {
                throw new InvalidScenarioException(incomplete.getMessage());
            }
        } else if (paths.size() == 1 && Files.isRegularFile(first.resolve(SweepState.FILE))) {
            written = ReportWriter.forSweep(first);
        } else {
            for (Path p : paths) {
                if (!Files.isRegularFile(p.resolve("run.json"))) {
                    throw new InvalidScenarioException("invalid PATH '" + p + "': "
                            + (Files.isRegularFile(p.resolve(SweepState.FILE)) ? "a sweep folder must be given alone"
                            : Files.isRegularFile(p.resolve(ExperimentsFile.NAME))
                            ? "an experiments folder must be given alone"
                            : "not a run folder (no run.json), a sweep folder (no sweep.json), an experiments folder"
                                    + " (no experiments.json) or a JMH JSON file"));
                }
                if (paths.size() > 1 && FleetResults.isFleet(p)) {
                    // Its sides are hosts: it has a report of its own, not a place among one-machine runs.
                    throw new InvalidScenarioException("invalid PATH '" + p + "': a run across hosts must be given"
                            + " alone");
                }
            }
            written = paths.size() == 1 ? ReportWriter.forRun(first)
                    : ReportWriter.forRuns(paths, RunFolder.create(out != null ? out : Path.of("results"), "compare",
                            ZonedDateTime.now()).dir());
        }
        spec.commandLine().getOut().printf("report: %s%nmarkdown: %s%ncharts: %d in %s%n", written.html(),
                written.markdown(), written.charts().size(),
                written.charts().isEmpty() ? "-" : written.charts().get(0).png().getParent());
        return 0;
    }

    private static Path siblingFolder(Path file) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.toAbsolutePath().resolveSibling(stem + "-report");
    }
}
