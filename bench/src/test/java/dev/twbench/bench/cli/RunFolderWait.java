package dev.twbench.bench.cli;

import dev.twbench.loadgen.sweep.SweepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Waits (30 s at most) for a run started in a child process to reach a point on disk. */
final class RunFolderWait {
    private RunFolderWait() {
    }

    static Path sweepFolder(Path out) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve(SweepState.FILE))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sweep folder under " + out);
    }

    static Path runFolder(Path out) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve("timeseries.csv"))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run folder with a time series under " + out);
    }

    /** Waits until the time series has at least {@code rows} rows; returns how many it has. */
    static long rows(Path csv, long rows) throws Exception {
        for (int i = 0; i < 600; i++) {
            long n = Files.readAllLines(csv).size() - 1;
            if (n >= rows) {
                return n;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the time series never reached " + rows + " rows");
    }

    /** The run folder under {@code out}, once its time series has at least {@code rows} rows. */
    static Path runFolderWithRows(Path out, long rows) throws Exception {
        Path runDir = runFolder(out);
        rows(runDir.resolve("timeseries.csv"), rows);
        return runDir;
    }
}
