package dev.twbench.analysis.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.record.FleetSummary;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.TimeSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run across hosts ({@code run --server-agent --client-agent ...}) read back: run.json as a
 * tree, timeseries.csv with one side per host ({@code server}, {@code client-1} ...
 * {@code client-N}), and summary.json as a {@link FleetSummary} if the run got that far. Its
 * files are a one-machine run's, but its sides are hosts, so it is read apart from
 * {@link RunResults}, whose summary and sides are a one-machine run's.
 *
 * <pre>{@code
 * if (FleetResults.isFleet(dir)) {
 *     FleetResults fleet = FleetResults.load(dir);
 *     for (String host : fleet.clients()) {                       // client-1, client-2, ...
 *         TimeSeries.Column tw = fleet.series().column(host, "timeWaitSockets");
 *         fleet.clock(host).ifPresent(c -> say(c.offsetUs() + " ± " + c.offsetBoundUs() + " µs"));
 *     }
 * }
 * }</pre>
 */
public record FleetResults(RunFolder folder, JsonNode manifest, TimeSeries series, FleetSummary summary) {
    /** run.json's {@code lab.kind} of a run across hosts. */
    public static final String KIND = "fleet";
    public static final String SERVER = "server";
    public static final String CLIENT = "client";

    /**
     * A host's clock as the orchestrator measured it before Go (run.json's {@code lab.<host>.clock}).
     *
     * @param roundTripUs    the measurement's round trip
     * @param offsetUs      the host's clock minus the orchestrator's
     * @param offsetBoundUs how far the true offset may be from {@code offsetUs}: half the round trip
     */
    public record Clock(long roundTripUs, long offsetUs, long offsetBoundUs) {
    }

    /**
     * Whether {@code dir} holds a run across hosts: run.json says so ({@code lab.kind} is
     * {@code fleet}), or, for a folder whose run.json is missing, summary.json has the fleet's
     * {@code hosts} and {@code fleet} totals.
     */
    public static boolean isFleet(Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir);
        if (Files.isRegularFile(folder.runJson())) {
            return KIND.equals(Json.MAPPER.readTree(folder.runJson().toFile()).path("lab").path("kind").asText());
        }
        if (Files.isRegularFile(folder.summaryJson())) {
            JsonNode summary = Json.MAPPER.readTree(folder.summaryJson().toFile());
            return summary.has("hosts") && summary.has("fleet");
        }
        return false;
    }

    public static FleetResults load(Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir);
        JsonNode manifest = Files.exists(folder.runJson()) ? Json.MAPPER.readTree(folder.runJson().toFile()) : null;
        TimeSeries series = Files.exists(folder.timeSeriesCsv()) ? TimeSeries.read(folder.timeSeriesCsv())
                : TimeSeries.empty();
        FleetSummary summary = Files.exists(folder.summaryJson())
                ? Json.read(folder.summaryJson(), FleetSummary.class) : null;
        return new FleetResults(folder, manifest, series, summary);
    }

    /**
     * Every host, the server first: as summary.json lists them, else as the rows do, else as
     * run.json's lab does (a run stopped before its first row).
     */
    public List<String> hosts() {
        if (summary != null && !summary.hosts().isEmpty()) {
            return List.copyOf(summary.hosts().keySet());
        }
        if (!series.labels().isEmpty()) {
            return series.labels();
        }
        List<String> hosts = new ArrayList<>();
        JsonNode lab = manifest == null ? null : manifest.path("lab");
        if (lab != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = lab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().has("role")) {
                    hosts.add(e.getKey());
                }
            }
        }
        return hosts;
    }

    /** The client hosts, {@code client-1} first. */
    public List<String> clients() {
        return hosts().stream().filter(h -> CLIENT.equals(role(h))).toList();
    }

    /**
     * {@code server} or {@code client}: from summary.json or run.json, else from the host's name,
     * which the recorder gives by role ({@code client-N}).
     */
    public String role(String host) {
        if (summary != null && summary.hosts().containsKey(host)) {
            return summary.hosts().get(host).role();
        }
        String role = labHost(host).path("role").asText("");
        if (!role.isEmpty()) {
            return role;
        }
        return host.startsWith(CLIENT) ? CLIENT : SERVER;
    }

    /** run.json's {@code lab.<host>}: its agent, name, address, pid, rate, sysctls and clock; missing if none. */
    public JsonNode labHost(String host) {
        return manifest == null ? Json.MAPPER.missingNode() : manifest.path("lab").path(host);
    }

    /** The host's clock measurement, if run.json has it. */
    public Optional<Clock> clock(String host) {
        JsonNode clock = labHost(host).path("clock");
        if (!clock.has("offsetUs")) {
            return Optional.empty();
        }
        return Optional.of(new Clock(clock.path("roundTripUs").asLong(), clock.path("offsetUs").asLong(),
                clock.path("offsetBoundUs").asLong()));
    }

    /** The run's id: summary.json's, else the folder's name. */
    public String runId() {
        return summary != null && summary.runId() != null ? summary.runId() : folder.runId();
    }
}
