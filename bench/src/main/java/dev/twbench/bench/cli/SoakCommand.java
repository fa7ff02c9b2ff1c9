package dev.twbench.bench.cli;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.analysis.soak.MemorySeries;
import dev.twbench.analysis.report.SoakReport;
import dev.twbench.analysis.soak.SoakCheck;
import dev.twbench.analysis.soak.SoakVerdict;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.run.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: a long {@code run} with the defaults of an overnight check, then a verdict on the
 * run itself: every interval on disk, and each agent's RSS and the orchestrator's heap flat after
 * the warm-up. Any run option may be given; only the defaults differ from {@code run}'s.
 */
@Command(name = "soak", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = false,
        defaultValueProvider = SoakCommand.SoakDefaults.class,
        headerHeading = "", header = "Run a long load and check that twbench itself holds up: no interval lost, memory flat.",
        description = {
                "A run (see 'run --help') with soak defaults: --rate 5000 --duration 10m --no-drain --name soak",
                "--client-sysctl net.ipv4.tcp_tw_reuse=1 (so the client's ports last the whole run). Each interval's",
                "row records both agents' resident set (agentRssKiB) and the orchestrator's heap, in use and after its",
                "latest collection (orchestratorHeapUsedKiB, orchestratorHeapAfterGcKiB).",
                "At the end it checks that each side has duration / interval load rows, and that the last tenth of the",
                "load uses at most 10%% + 8 MiB more memory than the tenth after the warm-up (the first fifth, at most",
                "1 min). Writes soak.json beside the run's files. A --client-sysctl given here replaces the default one.",
                ""},
        footer = {"", "Examples:",
                "  soak                                  # 10 minutes at 5000/s",
                "  soak --duration 30s                   # the quick version CI runs",
                "  soak --duration 8h --out /var/tmp/soak # overnight",
                "",
                "Exit codes: 0 passed, 1 the run or the check failed, 2 bad input, 130 interrupted."})
final class SoakCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions options = new RunOptions();

    @Mixin
    private MetricsOption metrics = new MetricsOption();

    @Override
    public Integer call() throws Exception {
        return RunCommand.execute(spec, options.scenario(), metrics, this::judge);
    }

    /** The run's own exit code if it did not complete (there is no soak to judge); else the soak's verdict. */
    private int judge(RunResult result) throws IOException {
        int runExit = RunCommand.exitCode(result.summary());
        if (runExit != 0) {
            return runExit;
        }
        SoakVerdict verdict = SoakCheck.judge(RunResults.load(result.folder().dir()));
        Json.write(result.folder().dir().resolve(SoakReport.FILE), verdict);
        print(spec.commandLine().getOut(), verdict);
        return verdict.passed() ? 0 : Cli.EXIT_FAILED;
    }

    private static void print(PrintWriter out, SoakVerdict v) {
        out.printf(Locale.ROOT, "%nsoak %s: %d load rows per side expected (%d ms / %d ms), client %d, server %d;"
                        + " largest gap between rows %d ms: %s%n", v.runId(), v.expectedLoadRows(), v.durationMs(),
                v.intervalMs(), v.clientLoadRows(), v.serverLoadRows(), v.largestGapMs(),
                v.everyInterval() ? "no interval missing" : "INTERVALS MISSING");
        out.printf(Locale.ROOT, "  memory (MiB)               at 1 min  at end   after warm-up  last window  growth  allowed%n");
        for (MemorySeries m : v.memory()) {
            out.printf(Locale.ROOT, "  %-26s %8s %7.1f %15.1f %12.1f %+7.1f %8.1f  %s (%s per %d s window)%n",
                    m.name(), m.atOneMinuteKiB() == null ? "-" : String.format(Locale.ROOT, "%.1f", mib(m.atOneMinuteKiB())),
                    mib(m.atEndKiB()), mib(m.afterWarmupKiB()), mib(m.lastWindowKiB()), mib(m.growthKiB()),
                    mib(m.allowedGrowthKiB()), m.flat() ? "flat" : "GROWS", m.statistic().name().toLowerCase(Locale.ROOT),
                    v.windowMs() / 1000);
        }
        out.printf(Locale.ROOT, "  verdict: %s; soak.json has the figures%n", v.passed() ? "passed" : "FAILED");
        out.flush();
    }

    private static double mib(long kib) {
        return kib / 1024.0;
    }

    /** run's options, with a soak's defaults where they differ. */
    static final class SoakDefaults implements CommandLine.IDefaultValueProvider {
        static final Map<String, String> DEFAULTS = Map.of(
                "--rate", "5000",
                "--duration", "10m",
                "--drain", "false",
                "--name", "soak",
                "--client-sysctl", "net.ipv4.tcp_tw_reuse=1");

        @Override
        public String defaultValue(ArgSpec argSpec) {
            return argSpec instanceof OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
        }
    }
}
