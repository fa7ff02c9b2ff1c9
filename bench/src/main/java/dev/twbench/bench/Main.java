package dev.twbench.bench;

import dev.twbench.bench.cli.Cli;
import java.util.Arrays;

/**
 * The entry point of benchmarks.jar. A first argument naming a twbench command ({@code run},
 * ...) or asking for twbench's help goes to the twbench CLI; anything else goes unchanged to
 * JMH, so {@code java -jar benchmarks.jar} behaves like any JMH suite ({@code -l}, {@code -h},
 * regex filters, {@code -p}, {@code -rf json}, {@code -prof}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && Cli.handles(args[0])) {
            System.exit(Cli.execute(args));
        }
        org.openjdk.jmh.Main.main(Arrays.copyOf(args, args.length));
    }
}
