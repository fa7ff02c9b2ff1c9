package dev.twbench.bench.cli;

import dev.twbench.analysis.comparison.ComparisonTable;
import dev.twbench.analysis.report.ReportWriter;
import dev.twbench.bench.metrics.LiveMetrics;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.run.Preflight;
import dev.twbench.loadgen.run.ShutdownWait;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sweep.Axis;
import dev.twbench.loadgen.sweep.Matrix;
import dev.twbench.loadgen.sweep.SweepRunner;
import dev.twbench.loadgen.sweep.SweepState;
import dev.twbench.loadgen.sweep.Variant;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code sweep}: the same load over a matrix of options and kernel tunings, each run in a fresh lab. */
@Command(name = "sweep", sortOptions = false, mixinStandardHelpOptions = true,
        headerHeading = "", header = "Compare kernel tunings and options: one run per combination, side by side.",
        description = {
                "Runs the same load once for every combination of the --vary axes, each in a fresh lab, and",
                "writes <out>/<yyyyMMdd-HHmmss>-<name>/: one run folder per variant, sweep.json (the matrix and",
                "each run's outcome), comparison.csv and comparison.md (one row per variant). A run that fails",
                "is recorded with its reason and the sweep goes on. Any run option (see run --help) given here",
                "is shared by every variant.",
                ""},
        footer = {"", "Examples:",
                "  sweep --vary client.net.ipv4.tcp_tw_reuse=0,1,2 --vary close=client-first,server-first \\",
                "        --rate 2000 --duration 20s --no-drain",
                "  sweep --vary net.ipv4.tcp_fin_timeout=5,60 --rate 300 --duration 3s   # the fin_timeout myth",
                "  sweep --plan plans/tw-reuse-vs-close.yaml",
                "  sweep --resume results/20261121-160000-sweep",
                "",
                "Exit codes: 0 every variant completed, 1 some failed, 2 bad input, 130 interrupted."})
final class SweepCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the run in progress to clean up and the sweep to record it. */
    private static final long SHUTDOWN_GRACE_MS = 60_000;
    /** Rough cost of one run beyond its duration: two JVMs, the lab, a little slack. */
    private static final long RUN_OVERHEAD_MS = 4_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2,...",
            description = "an axis of the matrix, repeatable: a run option (close, rate, client-bind, ...) or a sysctl"
                    + " for one side (client.net.ipv4.tcp_tw_reuse, server.net.ipv4.tcp_max_tw_buckets) or both"
                    + " (net.ipv4.tcp_timestamps)")
    private List<String> vary = new ArrayList<>();

    @Option(names = "--plan", paramLabel = "FILE",
            description = "a plan file (YAML or JSON) with name, run (shared options) and vary (the axes); --vary"
                    + " and run options on the command line add to it")
    private Path plan;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the sweep in DIR: variants already completed are skipped, the others run")
    private Path resume;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "parent folder of the sweep folder (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--name", paramLabel = "LABEL",
            description = "label of the sweep folder (default: the plan's name, or 'sweep')")
    private String name;

    @Mixin
    private MetricsOption metrics = new MetricsOption();

    @Unmatched
    private List<String> runArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        metrics.validate();
        SweepState state;
        Path sweepDir;
        if (resume != null) {
            if (!vary.isEmpty() || plan != null || !runArgs.isEmpty()) {
                throw new InvalidScenarioException("invalid --resume '" + resume + "' with other options: a resumed"
                        + " sweep runs exactly what its sweep.json says");
            }
            sweepDir = resume;
            state = readState(resume);
        } else {
            state = null;
            sweepDir = null;
        }
        List<String> shared = resume != null ? state.runArgs() : sharedArgs();
        List<Axis> axes = resume != null ? state.axes() : axes();
        List<Variant> variants = Matrix.expand(axes, RunOptions.optionNames(RunOptions.spec()));
        // Every variant is checked before anything runs: a bad value is bad input, not a failed run.
        Map<Integer, Scenario> scenarios = new LinkedHashMap<>();
        for (Variant v : variants) {
            scenarios.put(v.index(), RunOptions.parse(variantArgs(shared, v.runArgs(), out, v.name())));
        }
        // Before the sweep folder: each variant's descriptors, and room for every run still to come.
        String label = resume == null ? sweepName() : null;
        List<Scenario> toRun = new ArrayList<>();
        for (Variant v : variants) {
            if (state == null || state.variants().get(v.index() - 1).status() != SweepState.Status.COMPLETED) {
                toRun.add(scenarios.get(v.index()));
            }
        }
        Preflight.checkSweep(sweepDir != null ? sweepDir : out, toRun);
        OptionalInt inUserNamespace = Rootless.reexecIfNeeded(
                scenarios.values().stream().anyMatch(s -> s.lab() == LabKind.NETNS) ? LabKind.NETNS : LabKind.HOST,
                spec.root().commandLine().getParseResult().originalArgs());
        if (inUserNamespace.isPresent()) {
            return inUserNamespace.getAsInt();
        }
        if (state == null) {
            sweepDir = RunFolder.create(out, label, ZonedDateTime.now()).dir();
            state = SweepState.fresh(sweepDir.getFileName().toString(), ZonedDateTime.now().toString(), shared, axes,
                    variants);
            state.write(sweepDir);
        }
        // On Ctrl-C the run in progress cleans up and returns; the sweep must still record that.
        try (ShutdownWait wait = ShutdownWait.install(SHUTDOWN_GRACE_MS)) {
            return runSweep(sweepDir, state, shared, scenarios);
        }
    }

    private int runSweep(Path dir, SweepState state, List<String> shared, Map<Integer, Scenario> scenarios)
            throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Map<Integer, Long> expectedMs = new LinkedHashMap<>();
        scenarios.forEach((i, s) -> expectedMs.put(i, expectedMs(s)));
        SweepProgress progress = new SweepProgress(console, dir, expectedMs, System.console() != null);
        Optional<LiveMetrics> live = metrics.start();
        SweepState end;
        try {
            end = new SweepRunner(dir, v -> RunOptions.parse(variantArgs(shared, v.runArgs(), dir, v.name())),
                    live.<SweepRunner.Listener>map(progress::and).orElse(progress)).run(state);
        } finally {
            live.ifPresent(LiveMetrics::close);
        }
        ComparisonTable.writeBeside(dir, end);
        progress.finished(end);
        ReportFiles.writeAndSay(console, spec.commandLine().getErr(), () -> ReportWriter.forSweep(dir));
        if (end.variants().stream().anyMatch(v -> v.status() == SweepState.Status.INTERRUPTED)) {
            return Cli.EXIT_INTERRUPTED;
        }
        return end.variants().stream().allMatch(v -> v.status() == SweepState.Status.COMPLETED) ? 0 : Cli.EXIT_FAILED;
    }


    private List<String> sharedArgs() {
        List<String> shared = new ArrayList<>();
        if (plan != null) {
            shared.addAll(PlanFile.read(plan).runArgs());
        }
        for (String arg : runArgs) {
            if (arg.equals("--out") || arg.startsWith("--out=") || arg.equals("--name") || arg.startsWith("--name=")) {
                throw InvalidScenarioException.of("sweep option", arg, "--out and --name belong to the sweep; each run"
                        + " goes into the sweep folder under its variant's name");
            }
        }
        shared.addAll(runArgs);
        return shared;
    }

    private List<Axis> axes() {
        List<Axis> axes = new ArrayList<>();
        if (plan != null) {
            axes.addAll(PlanFile.read(plan).axes());
        }
        for (String axis : vary) {
            int eq = axis.indexOf('=');
            if (eq <= 0 || eq == axis.length() - 1) {
                throw InvalidScenarioException.of("--vary", axis, "must be KEY=V1,V2,..., e.g. close=client-first,server-first");
            }
            axes.add(new Axis(axis.substring(0, eq), Arrays.asList(axis.substring(eq + 1).split(",", -1))));
        }
        if (axes.isEmpty() && plan != null) {
            throw InvalidScenarioException.of("--plan", plan, "its 'vary' has no axes and no --vary was given; a"
                    + " sweep needs at least one, e.g. vary: {close: [client-first, server-first]}");
        }
        return axes;
    }

    private String sweepName() {
        if (name != null) {
            if (!Scenario.isValidName(name)) {
                throw InvalidScenarioException.of("--name", name, Scenario.NAME_RULE);
            }
            return name;
        }
        String planName = plan != null ? PlanFile.read(plan).name() : null;
        return planName != null ? planName : "sweep";
    }

    private static List<String> variantArgs(List<String> shared, List<String> own, Path outDir, String variantName) {
        List<String> args = new ArrayList<>(shared);
        args.addAll(own);
        args.addAll(List.of("--out", outDir.toString(), "--name", variantName));
        return args;
    }

    /** Warm-up, load and drain, plus the start-up of two JVMs: what the progress bar's ETA counts on. */
    private static long expectedMs(Scenario s) {
        return s.warmupMs() + s.durationMs() + (s.drain() ? Scenario.DRAIN_LIMIT_MS - 3_000 : 0) + RUN_OVERHEAD_MS;
    }

    private static SweepState readState(Path dir) {
        if (!Files.isRegularFile(dir.resolve(SweepState.FILE))) {
            throw InvalidScenarioException.of("--resume", dir, "must be a sweep folder with a " + SweepState.FILE);
        }
        try {
            return SweepState.read(dir);
        } catch (IOException e) {
            throw InvalidScenarioException.of("--resume", dir, "its " + SweepState.FILE + " cannot be read: "
                    + e.getMessage());
        }
    }
}
