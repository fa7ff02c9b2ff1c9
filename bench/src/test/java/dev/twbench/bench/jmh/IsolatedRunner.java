package dev.twbench.bench.jmh;

import dev.twbench.bench.TimeWaitProfiler;
import dev.twbench.loadgen.lab.FreshNamespace;
import java.util.Arrays;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * A test's JMH run through the Runner API, inside a namespace of its own (started by
 * {@link dev.twbench.loadgen.lab.FreshNamespace#reexec(String, java.util.List, String)}): one fork, no warm-up, one short
 * iteration, failing on any error, with {@link TimeWaitProfiler}.
 *
 * <p>Arguments: result file, benchmark regex, then {@code name=v1,v2} parameters.
 */
public final class IsolatedRunner {
    private IsolatedRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (!FreshNamespace.inside()) {
            throw new IllegalStateException("IsolatedRunner runs only inside its own network namespace");
        }
        FreshNamespace.prepare();
        ChainedOptionsBuilder options = new OptionsBuilder().include(args[1]).forks(1).warmupIterations(0)
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(700)).shouldFailOnError(true)
                .addProfiler(TimeWaitProfiler.class).result(args[0]).resultFormat(ResultFormatType.JSON);
        for (String param : Arrays.copyOfRange(args, 2, args.length)) {
            String[] kv = param.split("=", 2);
            options.param(kv[0], kv[1].split(","));
        }
        new Runner(options.build()).run();
    }
}
