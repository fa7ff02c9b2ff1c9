package dev.twbench.loadgen.record;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code <out>/<yyyyMMdd-HHmmss>-<name>/}: one folder per run, created before any load, so a
 * folder that cannot be written fails the run before anything else is built.
 */
public record RunFolder(Path dir) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public static RunFolder create(Path outDir, String name, ZonedDateTime now) {
        String base = STAMP.format(now) + "-" + name;
        try {
            Files.createDirectories(outDir);
            for (int n = 1; ; n++) {
                Path dir = outDir.resolve(n == 1 ? base : base + "-" + n);
                try {
                    Files.createDirectory(dir);
                    return new RunFolder(dir);
                } catch (FileAlreadyExistsException e) {
                    // two runs in the same second: take the next suffix
                }
            }
        } catch (AccessDeniedException e) {
            throw InvalidScenarioException.of("--out", outDir, "cannot create a run folder there: permission denied");
        } catch (IOException e) {
            throw InvalidScenarioException.of("--out", outDir, "cannot create a run folder there: " + e);
        }
    }

    public String runId() {
        return dir.getFileName().toString();
    }

    public Path runJson() {
        return dir.resolve("run.json");
    }

    public Path timeSeriesCsv() {
        return dir.resolve("timeseries.csv");
    }

    public Path latencyLog() {
        return dir.resolve("latency.hlog");
    }

    /** One metric's log, untagged and in nanoseconds ({@code latency-connect.hlog}, {@code latency-cycle.hlog}). */
    public Path latencyLog(String metric) {
        return dir.resolve("latency-" + metric + ".hlog");
    }

    public Path summaryJson() {
        return dir.resolve("summary.json");
    }

    public Path agentLog(Side side) {
        return dir.resolve("agent-" + side.label() + ".log");
    }

    /** The output of the user's client ({@code --client-cmd}), stdout and stderr together. */
    public Path clientCommandLog() {
        return dir.resolve("client-cmd.log");
    }

    /** The output of the user's server ({@code --server-cmd}), stdout and stderr together. */
    public Path serverCommandLog() {
        return dir.resolve("server-cmd.log");
    }

    /**
     * For a run that failed before recording anything: removes the folder, unless an agent wrote
     * something to its log that explains the failure (or {@code always}, for bad input).
     */
    public void discard(boolean always) {
        if (Files.exists(runJson()) || Files.exists(timeSeriesCsv())) {
            return;
        }
        try (var files = Files.list(dir)) {
            List<Path> left = files.toList();
            for (Path f : left) {
                if (always || Files.size(f) == 0) {
                    Files.delete(f);
                }
            }
            try (var rest = Files.list(dir)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            // leave it: it only holds diagnostics
        }
    }
}
