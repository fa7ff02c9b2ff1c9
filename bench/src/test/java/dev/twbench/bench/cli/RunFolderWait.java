package dev.twbench.bench.cli;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sweep.SweepState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Waits for a run started in a child process to reach a point on disk. The deadline (120 s) only
 * bounds a wait that normally ends within seconds: a JVM, a lab and two agents start more slowly
 * on a busy machine.
 */
final class RunFolderWait {
    private static final int POLLS = 2_400;
    private static final long POLL_MS = 50;

    private RunFolderWait() {
    }

    static Path sweepFolder(Path out) throws Exception {
        for (int i = 0; i < POLLS; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve(SweepState.FILE))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("no sweep folder under " + out);
    }

    static Path runFolder(Path out) throws Exception {
        for (int i = 0; i < POLLS; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve("timeseries.csv"))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("no run folder with a time series under " + out);
    }

    /** Waits until the time series has at least {@code rows} rows; returns how many it has. */
    static long rows(Path csv, long rows) throws Exception {
        for (int i = 0; i < POLLS; i++) {
            long n = Files.readAllLines(csv).size() - 1;
            if (n >= rows) {
                return n;
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("the time series never reached " + rows + " rows");
    }

    /**
     * Waits until the run's client has completed at least {@code connections}: a count, where a
     * number of rows would be a time (a busy machine may complete none in the first second and a
     * half of a load without warm-up). Returns how many it has.
     */
    static long completed(Path csv, long connections) throws Exception {
        for (int i = 0; i < POLLS; i++) {
            long n = clientCompleted(csv);
            if (n >= connections) {
                return n;
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("the client never completed " + connections + " connections");
    }

    /** The client's completed connections so far; a row still being written is left for the next look. */
    private static long clientCompleted(Path csv) throws IOException {
        return TimeSeries.read(csv).column(Side.CLIENT, Counters.COMPLETED).sum();
    }

    /** The run folder under {@code out}, once its time series has at least {@code rows} rows. */
    static Path runFolderWithRows(Path out, long rows) throws Exception {
        Path runDir = runFolder(out);
        rows(runDir.resolve("timeseries.csv"), rows);
        return runDir;
    }
}
