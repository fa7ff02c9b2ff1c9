package dev.twbench.analysis.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A run folder read back from disk: the scenario and environment (run.json), the time series,
 * and the summary if the run got that far. The time series is held as its index only (time, side
 * and phase of each row); its columns are read from the file when asked for, so a long run's
 * folder loads in a small heap.
 *
 * <pre>{@code
 * RunResults run = RunResults.load(Path.of("results/20261121-160000-run"));
 * long peak = run.timeWaitPeak(Side.CLIENT);
 * TimeSeries.Column tw = run.series().column(Side.CLIENT, Counters.TIME_WAIT);
 * }</pre>
 */
public record RunResults(RunFolder folder, JsonNode manifest, TimeSeries series, Summary summary) {

    public static RunResults load(Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir);
        JsonNode manifest = Files.exists(folder.runJson()) ? Json.MAPPER.readTree(folder.runJson().toFile()) : null;
        TimeSeries series = Files.exists(folder.timeSeriesCsv()) ? TimeSeries.read(folder.timeSeriesCsv())
                : TimeSeries.empty();
        Summary summary = Files.exists(folder.summaryJson()) ? Json.read(folder.summaryJson(), Summary.class) : null;
        return new RunResults(folder, manifest, series, summary);
    }

    /** The side's rows: when each was taken, in which phase. */
    public TimeSeries.Rows rows(Side side) {
        return series.rows(side);
    }

    /** Whether timeseries.csv has this counter's column: a run recorded before twbench wrote it does not. */
    public boolean hasColumn(Counter counter) {
        return series.hasColumn(counter);
    }

    /**
     * Whether the TcpExt columns belong to each side alone: in the namespace lab they do; in the
     * host lab both rows carry the whole host's counters. A run without run.json is taken as the
     * namespace lab, the default.
     */
    public boolean tcpExtPerSide() {
        return manifest == null || !"host".equals(manifest.path("lab").path("kind").asText());
    }

    /** Highest TIME_WAIT level in the side's rows (one pass over timeseries.csv). */
    public long timeWaitPeak(Side side) throws IOException {
        TimeSeries.Column tw = series.column(side, Counters.TIME_WAIT);
        long peak = 0;
        for (int i = 0; i < tw.size(); i++) {
            peak = Math.max(peak, tw.orElse(i, 0));
        }
        return peak;
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

    /** A count's total: its column summed over the side's rows (one pass over timeseries.csv). */
    public long total(Side side, Counter count) throws IOException {
        return series.column(side, count).sum();
    }
}
