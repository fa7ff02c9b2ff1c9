package dev.twbench.bench.cli;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.sweep.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run --plan FILE}: a run whose options are kept in a plan file, the sweep's format
 * without {@code vary}. Its {@code run} map may name every option of {@code run}, the agents of
 * a run across hosts among them, so a fleet is written down once:
 *
 * <pre>
 * name: fleet-client-first
 * run:
 *   server-agent: server.example:7070
 *   client-agent: [client1.example:7070, client2.example:7070]
 *   token-file: /etc/twbench/token
 *   rate: 900
 *   duration: 30s
 * </pre>
 *
 * An option also given on the command line replaces the plan's (all its values, for a repeated
 * one such as --client-agent). The plan becomes arguments and {@code run} is parsed again with
 * them, so a plan checks and means exactly what the same command line would.
 */
final class RunPlan {
    /** What a plan's {@code run} may hold: run's own options but --plan, and --name (the plan's name is it). */
    private static PlanFile.Allowed allowed(CommandSpec run) {
        Matrix.RunOptionNames options = RunOptions.optionNames(run);
        return new PlanFile.Allowed(new Matrix.RunOptionNames() {
            @Override
            public boolean exists(String name) {
                return !List.of("plan", "name", "help", "version").contains(name) && options.exists(name);
            }

            @Override
            public boolean isFlag(String name) {
                return options.isFlag(name);
            }
        }, "is not an option of run; allowed: the options of run --help, without the dashes, except plan and name"
                + " (the plan's own name)");
    }

    private RunPlan() {
    }

    /** Runs {@code run} again with the plan's options before the command line's; its exit code. */
    static int execute(CommandSpec run, Path planFile) {
        PlanFile plan = PlanFile.read(planFile, allowed(run));
        if (!plan.axes().isEmpty()) {
            throw InvalidScenarioException.of("--plan", planFile, "has 'vary': a run is one scenario; 'sweep --plan "
                    + planFile + "' runs each variant");
        }
        List<String> given = commandLineWithoutPlan(run);
        Set<String> givenNames = run.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName().replaceFirst("^--", "")).collect(Collectors.toSet());
        List<String> args = new ArrayList<>(List.of("run"));
        for (PlanFile.RunOption option : plan.runOptions()) {
            if (!givenNames.contains(option.name())) {
                args.addAll(option.args());
            }
        }
        if (plan.name() != null && !givenNames.contains("name")) {
            args.addAll(List.of("--name", plan.name()));
        }
        args.addAll(given);
        CommandLine again = Cli.commandLine();
        again.setOut(run.commandLine().getOut());
        again.setErr(run.commandLine().getErr());
        return again.execute(args.toArray(String[]::new));
    }

    /** What followed {@code run} on the command line, without {@code --plan FILE}. */
    private static List<String> commandLineWithoutPlan(CommandSpec run) {
        List<String> original = run.root().commandLine().getParseResult().originalArgs();
        List<String> after = new ArrayList<>(original.subList(original.indexOf("run") + 1, original.size()));
        for (int i = 0; i < after.size(); i++) {
            if (after.get(i).equals("--plan")) {
                after.subList(i, Math.min(i + 2, after.size())).clear();
                i--;
            } else if (after.get(i).startsWith("--plan=")) {
                after.remove(i--);
            }
        }
        return after;
    }
}
