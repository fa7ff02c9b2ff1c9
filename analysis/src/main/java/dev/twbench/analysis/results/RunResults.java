package dev.twbench.analysis.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeriesCsv;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A run folder read back from disk: the scenario and environment (run.json), the time series,
 * and the summary if the run got that far.
 *
 * <pre>{@code
 * RunResults run = RunResults.load(Path.of("results/20261121-160000-run"));
 * long peak = run.timeWaitPeak(Side.CLIENT);
 * run.rows(Side.CLIENT).forEach(r -> ...r.optLong("timeWaitSockets")...);
 * }</pre>
 */
public record RunResults(RunFolder folder, JsonNode manifest, List<TimeSeriesCsv.Row> rows, Summary summary) {

    public static RunResults load(Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir);
        JsonNode manifest = Files.exists(folder.runJson()) ? Json.MAPPER.readTree(folder.runJson().toFile()) : null;
        List<TimeSeriesCsv.Row> rows = Files.exists(folder.timeSeriesCsv())
                ? TimeSeriesCsv.read(folder.timeSeriesCsv()) : List.of();
        Summary summary = Files.exists(folder.summaryJson()) ? Json.read(folder.summaryJson(), Summary.class) : null;
        return new RunResults(folder, manifest, rows, summary);
    }

    public List<TimeSeriesCsv.Row> rows(Side side) {
        return rows.stream().filter(r -> r.side() == side).toList();
    }

    /**
     * Whether timeseries.csv has this column: a run recorded before twbench wrote it does not.
     * Asked of every row, not the first alone: they share one header, but the last row of an
     * interrupted run may be cut short.
     */
    public boolean hasColumn(String header) {
        return rows.stream().anyMatch(r -> r.has(header));
    }

    /**
     * Whether the TcpExt columns belong to each side alone: in the namespace lab they do; in the
     * host lab both rows carry the whole host's counters. A run without run.json is taken as the
     * namespace lab, the default.
     */
    public boolean tcpExtPerSide() {
        return manifest == null || !"host".equals(manifest.path("lab").path("kind").asText());
    }

    /** Highest TIME_WAIT level in the side's rows. */
    public long timeWaitPeak(Side side) {
        return rows(side).stream().map(r -> r.optLong("timeWaitSockets")).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max().orElse(0);
    }

    /**
     * The open-loop target rate: from the summary, else from run.json's scenario (a run stopped
     * before its summary). Empty for a closed loop ({@code --rate max}).
     */
    public OptionalLong targetRateCps() {
        if (summary != null) {
            return summary.targetRateCps() == null ? OptionalLong.empty() : OptionalLong.of(summary.targetRateCps());
        }
        JsonNode rate = manifest == null ? null : manifest.path("scenario").get("rateCps");
        return rate != null && rate.isNumber() ? OptionalLong.of(rate.asLong()) : OptionalLong.empty();
    }

    /** The client's latency log; it may not exist (a run stopped before its first tick). */
    public Path latencyLog() {
        return folder.latencyLog();
    }

    /** Sum of a per-interval count column over the side's rows. */
    public long total(Side side, String countColumn) {
        return rows(side).stream().map(r -> r.optLong(countColumn)).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).sum();
    }
}
