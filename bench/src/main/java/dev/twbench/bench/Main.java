package dev.twbench.bench;

import dev.twbench.bench.cli.Cli;
import dev.twbench.loadgen.lab.FreshNamespace;
import dev.twbench.loadgen.lab.LabException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entry point of benchmarks.jar. A first argument naming a twbench command ({@code run},
 * ...) or asking for twbench's help goes to the twbench CLI; anything else goes to JMH, so
 * {@code java -jar benchmarks.jar} behaves like any JMH suite ({@code -l}, {@code -h}, regex
 * filters, {@code -p}, {@code -rf json}, {@code -prof}). A JMH run that runs benchmarks first
 * moves into a fresh network namespace of its own (unless {@code --no-isolation}).
 */
public final class Main {
    private static final String ISOLATED = "the JMH run";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && Cli.handles(args[0])) {
            System.exit(Cli.execute(args));
        }
        if (args.length > 0) {
            Optional<String> unknown = UnknownCommand.check(args[0], Cli.commands());
            if (unknown.isPresent()) {
                System.err.println("twbench: " + unknown.get());
                System.exit(Cli.EXIT_BAD_INPUT);
            }
        }
        JmhArguments jmh = JmhArguments.parse(args);
        if (!jmh.runsNothing()) {
            try {
                if (jmh.isolate() && !FreshNamespace.inside()) {
                    System.exit(FreshNamespace.reexec(Main.class.getName(), Arrays.asList(args), ISOLATED));
                }
                boolean isolated = FreshNamespace.inside();
                System.out.println(isolated
                        ? "# twbench: isolated: this JMH run and its forks are in a fresh network namespace (loopback,"
                                + " the host's per-namespace sysctls copied in); nothing they do reaches the host's"
                        : "# twbench: NOT isolated (--no-isolation): the benchmarks run in this network namespace and"
                                + " leave their TIME_WAIT sockets here");
                if (isolated) {
                    FreshNamespace.prepare();
                }
            } catch (LabException e) {
                System.err.println("twbench: " + e.getMessage() + (FreshNamespace.inside() ? "" : "; add"
                        + " --no-isolation to run the benchmarks in this namespace (they will leave TIME_WAIT here,"
                        + " and those that need other sysctls will say so)"));
                System.exit(Cli.EXIT_FAILED);
            }
        }
        org.openjdk.jmh.Main.main(jmh.jmh().toArray(String[]::new));
    }
}
