package dev.twbench.bench.cli;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.lab.LabException;
import dev.twbench.loadgen.record.ResultsWriteException;
import dev.twbench.loadgen.record.RunManifest;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * twbench's command line. Errors are one line on stderr, never a stack trace: bad input exits
 * with 2, a run that could not be carried out with 1.
 */
@Command(name = "java -jar benchmarks.jar",
        versionProvider = Cli.Version.class,
        subcommands = {RunCommand.class, SoakCommand.class, SweepCommand.class, ExperimentsCommand.class, ReportCommand.class, PlanCommand.class,
                DoctorCommand.class, AgentListenCommand.class, K8sCommand.class, CommandLine.HelpCommand.class},
        description = {
                "twbench drives connection churn through a real client/server pair, each side in its own",
                "network namespace, and records how TIME_WAIT builds up on each side and which connects fail.",
                ""},
        footer = {
                "",
                "JMH: any other first argument goes to JMH, so the jar is also a JMH suite:",
                "  java -jar benchmarks.jar          run every benchmark",
                "  java -jar benchmarks.jar -l       list the benchmarks",
                "  java -jar benchmarks.jar -h       JMH's own options",
                "",
                "Example: java -jar benchmarks.jar run --close client-first --rate 2000 --duration 10s"})
public final class Cli {
    public static final int EXIT_BAD_INPUT = 2;
    // No -h here: at the top level, -h is JMH's help.
    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @picocli.CommandLine.Option(names = {"--version", "-V"}, versionHelp = true, description = "Print the version and exit.")
    private boolean version;

    public static final int EXIT_FAILED = 1;
    /** A run stopped by Ctrl-C or SIGTERM, as a shell reports SIGINT. */
    public static final int EXIT_INTERRUPTED = 130;
    private static final Set<String> OWN_FLAGS = Set.of("--help", "--version", "-V");

    private Cli() {
    }

    /** True if {@code firstArg} is for twbench rather than JMH (JMH's help is {@code -h}). */
    public static boolean handles(String firstArg) {
        return OWN_FLAGS.contains(firstArg) || commandLine().getSubcommands().containsKey(firstArg);
    }

    /** The commands, by name: run, sweep, plan, ... */
    public static List<String> commands() {
        return List.copyOf(commandLine().getSubcommands().keySet());
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Cli());
        cli.setUsageHelpWidth(110);
        cli.setParameterExceptionHandler((e, args) -> {
            String command = e.getCommandLine().getCommandName();
            String hint = e.getCommandLine() == cli ? "--help" : command + " --help";
            e.getCommandLine().getErr().println("twbench: " + oneLine(e.getMessage()) + " (see '" + hint + "')");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof InvalidScenarioException) {
                err.println("twbench: " + oneLine(e.getMessage()));
                return EXIT_BAD_INPUT;
            }
            if (e instanceof LabException || e instanceof AgentException || e instanceof ResultsWriteException
                    || e instanceof HeapExhaustedException) {
                err.println("twbench: " + oneLine(e.getMessage()));
                return EXIT_FAILED;
            }
            err.println("twbench: unexpected " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(
                    e.getMessage())) + (System.getenv("TWBENCH_DEBUG") == null ? " (TWBENCH_DEBUG=1 shows the stack trace)" : ""));
            if (System.getenv("TWBENCH_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return EXIT_FAILED;
        });
        return cli;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    /** The version Maven filtered into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"twbench " + RunManifest.version()};
        }
    }
}
