package dev.twbench.loadgen.experiment.runner;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.lab.FreshNamespace;
import dev.twbench.loadgen.record.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs experiments side by side, each in a JVM of its own in a fresh network namespace
 * ({@link ExperimentMain}), so that one experiment's sysctls and TIME_WAIT never meet another's,
 * and nothing is left on the host: the namespace dies with its process.
 *
 * <pre>{@code
 * List<ExperimentResult> results = ExperimentRunner.run(Catalogue.all(), false, workDir, 3, listener);
 * }</pre>
 *
 * The ones that wait out TIME_WAIT start first: they mostly sleep, and the others fit around them.
 */
public final class ExperimentRunner {
    /** No experiment needs more than about 70 s; one that takes this long is stuck. */
    static final long TIMEOUT_MS = 180_000;

    /** What a console or a test hears while experiments run; called from several threads. */
    public interface Listener {
        void started(Claim claim);

        void progress(Claim claim, String line);

        void finished(ExperimentResult result);
    }

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final boolean quick;
    private final Path workDir;
    private final Listener listener;

    private ExperimentRunner(boolean quick, Path workDir, Listener listener) {
        this.quick = quick;
        this.workDir = workDir;
        this.listener = listener;
    }

    /**
     * @param parallel how many experiments at once
     * @return one result per experiment, in the order given
     */
    public static List<ExperimentResult> run(List<Experiment> experiments, boolean quick, Path workDir, int parallel,
            Listener listener) throws InterruptedException {
        return new ExperimentRunner(quick, workDir, listener).runAll(experiments, parallel);
    }

    private List<ExperimentResult> runAll(List<Experiment> experiments, int parallel) throws InterruptedException {
        // Ended by a signal, end the experiments this run started (by their pids), nothing else.
        Thread endAll = new Thread(() -> running.forEach(FreshNamespace::stop), "twbench-end-experiments");
        Runtime.getRuntime().addShutdownHook(endAll);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Experiment> longFirst = experiments.stream()
                    .sorted(Comparator.comparing((Experiment e) -> !e.claim().waitsForExpiry())).toList();
            List<Future<ExperimentResult>> futures = new ArrayList<>();
            for (Experiment e : longFirst) {
                futures.add(pool.submit(() -> runOne(e.claim())));
            }
            List<ExperimentResult> byOrder = new ArrayList<>();
            for (Experiment e : experiments) {
                byOrder.add(get(futures.get(longFirst.indexOf(e))));
            }
            return byOrder;
        } finally {
            pool.shutdownNow();
            running.forEach(FreshNamespace::stop);
            try {
                Runtime.getRuntime().removeShutdownHook(endAll);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static ExperimentResult get(Future<ExperimentResult> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("experiment runner failed: " + e.getCause(), e.getCause());
        }
    }

    private ExperimentResult runOne(Claim claim) {
        listener.started(claim);
        long startNs = System.nanoTime();
        ExperimentResult result;
        try {
            result = inFreshNamespace(claim, startNs);
        } catch (IOException | RuntimeException e) {
            result = failed(claim, startNs, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = failed(claim, startNs, "interrupted");
        }
        listener.finished(result);
        return result;
    }

    private ExperimentResult inFreshNamespace(Claim claim, long startNs) throws IOException, InterruptedException {
        // Created by the experiments that write files (churn runs), so the others leave no empty folder.
        Path dir = workDir.resolve(claim.name());
        List<String> args = new ArrayList<>(List.of(claim.name(), dir.toString()));
        if (quick) {
            args.add("--quick");
        }
        Process process = FreshNamespace.command(ExperimentMain.class.getName(), args, "experiment " + claim.name())
                .start();
        running.add(process);
        try {
            AtomicReference<String> lastLine = new AtomicReference<>("");
            AtomicReference<String> resultLine = new AtomicReference<>();
            Thread progress = daemon(() -> readLines(process.getErrorStream(), line -> {
                lastLine.set(line);
                listener.progress(claim, line);
            }));
            Thread result = daemon(() -> readLines(process.getInputStream(), line -> {
                if (line.startsWith(ExperimentMain.RESULT)) {
                    resultLine.set(line.substring(ExperimentMain.RESULT.length()));
                }
            }));
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return failed(claim, startNs, "did not finish within " + TIMEOUT_MS / 1000 + " s");
            }
            result.join(5000);
            progress.join(1000);
            if (resultLine.get() == null) {
                return failed(claim, startNs, "its process exited with " + process.exitValue() + " and no result: "
                        + lastLine.get());
            }
            return Json.MAPPER.readValue(resultLine.get(), ExperimentResult.class);
        } finally {
            FreshNamespace.stop(process);
            running.remove(process);
        }
    }

    private static Thread daemon(Runnable body) {
        Thread thread = new Thread(body, "twbench-experiment-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Hands each line to {@code sink} until the process closes the stream. */
    private static void readLines(InputStream in, Consumer<String> sink) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone; what it said so far has been handed on
        }
    }

    private static ExperimentResult failed(Claim claim, long startNs, String what) {
        return Outcome.method("(did not complete)").failed(what)
                .toResult(claim, (System.nanoTime() - startNs) / 1_000_000);
    }
}
