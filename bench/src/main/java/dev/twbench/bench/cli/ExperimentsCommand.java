package dev.twbench.bench.cli;

import dev.twbench.analysis.report.ReportWriter;
import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.catalogue.Catalogue;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.ExperimentsFile;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.experiment.runner.ExperimentRunner;
import dev.twbench.loadgen.lab.LabException;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.sys.Privileges;
import dev.twbench.loadgen.sys.UserNamespaces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code experiments}: the claims of the seed documents, put to this kernel one by one. */
@Command(name = "experiments", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = false,
        headerHeading = "", header = "Test what the TIME_WAIT folklore claims against this kernel.",
        description = {
                "Each experiment takes one claim from the documents twbench grew from (why TIME_WAIT exists,",
                "who holds it, what SO_REUSEADDR does, ...), tries it with real sockets in a fresh network",
                "namespace of its own, and prints the claim, what this kernel did (with the numbers) and a",
                "verdict: holds, does not hold, or holds with a Linux difference. Several run side by side; the",
                "two that wait out TIME_WAIT take about a minute, the whole catalogue under two. Writes",
                "<out>/<yyyyMMdd-HHmmss>-experiments/: experiments.json, report.html, report.md, charts/, and the",
                "run folders of the experiments that use the churn lab. Needs root (or user namespaces).",
                ""},
        footer = {"", "Examples:",
                "  experiments                          the whole catalogue",
                "  experiments --list                   what each experiment claims",
                "  experiments server-restart lifetime  just these two",
                "  experiments --quick                  skip the minute-long waits (and say so)",
                "",
                "Exit codes: 0 every experiment ran, 1 one could not be carried out, 2 bad input, 130 interrupted."})
final class ExperimentsCommand implements Callable<Integer> {
    private static final int MAX_PARALLEL = 8;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..*",
            description = "experiments to run (default: all; see --list)")
    private List<String> names = new ArrayList<>();

    @Option(names = "--list", description = "list the experiments and their claims, run nothing")
    private boolean list;

    @Option(names = "--quick",
            description = "skip the parts that wait out TIME_WAIT (about a minute); their results say so")
    private boolean quick;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "experiments run side by side (1-" + MAX_PARALLEL + ", default: ${DEFAULT-VALUE})")
    private int parallel;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "parent folder of the results folder (default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() throws Exception {
        List<Experiment> chosen = chosen();
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw InvalidScenarioException.of("--parallel", parallel, "must be 1 to " + MAX_PARALLEL);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            printList(stdout, chosen);
            return 0;
        }
        requireNamespaces();
        ZonedDateTime now = ZonedDateTime.now();
        RunFolder folder = RunFolder.create(out, "experiments", now);
        String startedAt = now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        stdout.printf("twbench experiments: %d%s, %d side by side, into %s%n", chosen.size(),
                quick ? " (quick: the minute-long waits skipped)" : "", parallel, folder.dir());
        stdout.flush();
        Console console = new Console(stdout, chosen.size(), folder, startedAt, quick);
        List<ExperimentResult> results = ExperimentRunner.run(chosen, quick, folder.dir(), parallel, console);
        ExperimentsFile file = new ExperimentsFile(folder.runId(), startedAt, System.getProperty("os.version"), quick,
                results);
        file.write(folder.dir());
        printVerdicts(stdout, results);
        ReportFiles.writeAndSay(stdout, spec.commandLine().getErr(), () -> ReportWriter.forExperiments(folder.dir()));
        return results.stream().anyMatch(r -> r.verdict() == Verdict.FAILED) ? Cli.EXIT_FAILED : 0;
    }

    private List<Experiment> chosen() {
        if (names.isEmpty()) {
            return Catalogue.all();
        }
        List<Experiment> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            Optional<Experiment> e = Catalogue.find(name);
            if (e.isEmpty()) {
                throw InvalidScenarioException.of("NAME", name, "one of " + Catalogue.names());
            }
            chosen.add(e.get());
        }
        return chosen;
    }

    private static void requireNamespaces() {
        if (!Privileges.isRoot() && UserNamespaces.whyNot().isPresent()) {
            throw new LabException("experiments run in fresh network namespaces, which need root or an unprivileged"
                    + " user namespace: " + UserNamespaces.whyNot().get());
        }
    }

    private static void printList(PrintWriter out, List<Experiment> experiments) {
        for (Experiment e : experiments) {
            Claim c = e.claim();
            out.printf("%-20s %s%s%n", c.name(), c.title(), c.waitsForExpiry() ? "  [about 1 min; --quick skips the wait]" : "");
            out.printf("%-20s source: %s%n", "", c.source().title());
        }
        out.flush();
    }

    private static void printVerdicts(PrintWriter out, List<ExperimentResult> results) {
        out.println();
        for (ExperimentResult r : results) {
            out.printf("  %-20s %-32s %s%n", r.name(), r.verdict().text(), r.title());
        }
        out.flush();
    }

    /**
     * Says what starts and ends, forwards each experiment's progress, and rewrites experiments.json
     * after every result, so an interrupted run keeps what it finished.
     */
    private static final class Console implements ExperimentRunner.Listener {
        private final PrintWriter out;
        private final int total;
        private final RunFolder folder;
        private final String startedAt;
        private final boolean quick;
        private final AtomicInteger done = new AtomicInteger();
        private final List<ExperimentResult> finished = Collections.synchronizedList(new ArrayList<>());

        Console(PrintWriter out, int total, RunFolder folder, String startedAt, boolean quick) {
            this.out = out;
            this.total = total;
            this.folder = folder;
            this.startedAt = startedAt;
            this.quick = quick;
        }

        @Override
        public synchronized void started(Claim claim) {
            out.printf("  start  %-20s %s%n", claim.name(), claim.title());
            out.flush();
        }

        @Override
        public synchronized void progress(Claim claim, String line) {
            out.printf("         %-20s %s%n", claim.name(), line);
            out.flush();
        }

        @Override
        public synchronized void finished(ExperimentResult result) {
            out.printf("  [%2d/%d] %-19s %s (%.1f s)%n", done.incrementAndGet(), total, result.name(),
                    result.verdict().text(), result.durationMs() / 1000.0);
            if (result.verdict() == Verdict.FAILED) {
                out.printf("         %-20s %s%n", result.name(), result.observed());
            }
            out.flush();
            finished.add(result);
            try {
                new ExperimentsFile(folder.runId(), startedAt, System.getProperty("os.version"), quick,
                        List.copyOf(finished)).write(folder.dir());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
