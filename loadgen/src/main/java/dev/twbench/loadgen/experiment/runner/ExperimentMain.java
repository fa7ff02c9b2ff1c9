package dev.twbench.loadgen.experiment.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.catalogue.Catalogue;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.lab.FreshNamespace;
import dev.twbench.loadgen.record.Json;
import java.nio.file.Path;

/**
 * One experiment, in the fresh network namespace {@link ExperimentRunner} started this JVM in.
 * Progress goes to stderr, the result to stdout as one line after {@link #RESULT}.
 *
 * <pre>{@code java -cp ... ExperimentMain NAME WORK_DIR [--quick]}</pre>
 */
public final class ExperimentMain {
    static final String RESULT = "twbench-experiment-result ";

    private ExperimentMain() {
    }

    public static void main(String[] args) throws JsonProcessingException {
        if (!FreshNamespace.inside()) {
            // Experiments write sysctls and leave TIME_WAIT: never in a namespace someone else uses.
            System.err.println("twbench: an experiment runs only in the fresh namespace 'experiments' makes for it");
            System.exit(2);
        }
        Experiment experiment = Catalogue.byName(args[0]);
        Trial trial = new Trial(args.length > 2 && args[2].equals("--quick"), Path.of(args[1]),
                System.err::println);
        long startNs = System.nanoTime();
        Outcome outcome;
        try {
            FreshNamespace.prepare();
            outcome = experiment.run(trial);
        } catch (Exception | AssertionError e) {
            outcome = Outcome.method("(did not complete)").failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        ExperimentResult result = outcome.toResult(experiment.claim(), (System.nanoTime() - startNs) / 1_000_000);
        System.out.println(RESULT + Json.MAPPER.writer().without(
                com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        System.out.flush();
        System.exit(0); // a churn run's or a child's stray thread must not keep the namespace alive
    }
}
