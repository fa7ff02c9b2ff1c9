package dev.twbench.bench.cli;

import dev.twbench.analysis.report.ReportWriter;
import dev.twbench.bench.metrics.LiveMetrics;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.fleet.FleetController;
import dev.twbench.loadgen.fleet.FleetSpec;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: one scenario in a fresh lab, sampled every interval, results in one folder. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = false,
        headerHeading = "", header = "Measure TIME_WAIT per side over time under connection churn.",
        description = {
                "Drives connection churn from a client agent to a server agent, each in its own network namespace,",
                "and records TIME_WAIT per side, TcpExt counters, failures by errno and latency every interval.",
                "Writes <out>/<yyyyMMdd-HHmmss>-<name>/: run.json, timeseries.csv, latency.hlog, summary.json.",
                ""},
        footer = {"", "Examples:",
                "  run --close client-first --rate 2000 --duration 10s --no-drain",
                "  run --close client-first --rate 500 --duration 6s --no-drain \\",
                "      --client-sysctl net.ipv4.ip_local_port_range=\"40000 40999\"   # ports run out after ~2 s",
                "  run --rate max --client-sysctl net.ipv4.tcp_tw_reuse=1 --duration 10s --no-drain",
                "  run --close client-rst --rate max --transport io_uring --duration 10s --no-drain",
                "  run --rate 500 --client-bind no-port --client-addresses 4 \\",
                "      --client-sysctl net.ipv4.ip_local_port_range=\"40000 40999\"     # ports last 4 times longer",
                "  run --plan fleet.yaml --rate 300                 # a plan's options (e.g. its agents), rate replaced",
                "",
                "Exit codes: 0 run completed, 1 run could not be carried out, 2 bad input, 130 interrupted."})
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions options = new RunOptions();

    @Mixin
    private MetricsOption metrics = new MetricsOption();

    @Mixin
    private FleetOptions fleetOptions = new FleetOptions();

    @Option(names = "--plan", paramLabel = "FILE",
            description = "take this run's options from a plan file (YAML or JSON, sweep's format without 'vary'),"
                    + " e.g. the agents of a run across hosts; an option given here too replaces the plan's")
    private Path plan;

    @Override
    public Integer call() throws Exception {
        if (plan != null) {
            return RunPlan.execute(spec, plan);
        }
        Optional<FleetSpec> fleet = fleetOptions.spec();
        if (fleet.isPresent()) {
            return acrossHosts(options.scenario(true), fleet.get());
        }
        return execute(spec, options.scenario(), metrics, result -> exitCode(result.summary()));
    }

    /** A run across hosts: the agents named by --server-agent and --client-agent carry it. */
    private int acrossHosts(Scenario scenario, FleetSpec fleet) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        FleetController.FleetResult result = FleetController.execute(scenario, fleet, new FleetConsole(out));
        ReportFiles.writeAndSay(out, spec.commandLine().getErr(), () -> ReportWriter.forFleet(result.folder().dir()));
        return exitCode(result.summary().outcome());
    }

    /** What a command does with a finished run: its exit code. */
    interface AfterRun {
        int exitCode(RunResult result) throws IOException;
    }

    /**
     * Runs the scenario and hands the result to {@code after}; or, where the lab needs a user
     * namespace, re-runs the whole command inside one and returns its exit code. Shared with {@code soak}.
     */
    static int execute(CommandSpec spec, Scenario scenario, MetricsOption metricsOption, AfterRun after)
            throws IOException {
        OptionalInt inUserNamespace = Rootless.reexecIfNeeded(scenario.lab(),
                spec.root().commandLine().getParseResult().originalArgs());
        if (inUserNamespace.isPresent()) {
            return inUserNamespace.getAsInt();
        }
        Optional<LiveMetrics> metrics = metricsOption.start();
        try {
            ConsoleReporter console = new ConsoleReporter(spec.commandLine().getOut(), scenario);
            RunResult result = RunController.execute(scenario, MetricsOption.with(console, metrics));
            // What the command makes of the run (a soak's verdict, soak.json) comes before the
            // report, which shows it.
            try {
                return after.exitCode(result);
            } finally {
                // Whatever judging the run did, the run's report is written.
                ReportFiles.writeAndSay(spec.commandLine().getOut(), spec.commandLine().getErr(),
                        () -> ReportWriter.forRun(result.folder().dir()));
            }
        } finally {
            metrics.ifPresent(LiveMetrics::close);
        }
    }

    /** 0 for a run that completed, 130 (as for SIGINT) for one interrupted, 1 for any other end. */
    static int exitCode(Summary summary) {
        return exitCode(summary.outcome());
    }

    static int exitCode(RunOutcome outcome) {
        return switch (outcome.kind()) {
            case COMPLETED -> 0;
            case INTERRUPTED -> Cli.EXIT_INTERRUPTED;
            case FAILED, CLIENT_GAVE_UP, AGENT_EXITED -> Cli.EXIT_FAILED;
        };
    }
}
