package dev.twbench.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run folder as long as a test needs, made from a real short run: its ticks repeated one after
 * another, each at its new time, in timeseries.csv and latency.hlog; run.json says the new
 * duration, summary.json is the short run's. For tests of what reads long runs: it claims nothing
 * about a real long run, its rows are the short run's again and again.
 *
 * <pre>{@code
 * Path eightHours = RepeatedRun.of(shortRun, work.resolve("eight-hours"), 288_000, 100);
 * }</pre>
 */
final class RepeatedRun {
    private RepeatedRun() {
    }

    /** {@code ticks} ticks {@code intervalMs} apart from 0 on, each side's row at each, from the short run's load ticks. */
    static Path of(Path shortRun, Path dir, int ticks, long intervalMs) throws IOException {
        Files.createDirectories(dir);
        repeatRows(shortRun.resolve("timeseries.csv"), dir.resolve("timeseries.csv"), ticks, intervalMs);
        repeatIntervals(shortRun.resolve("latency.hlog"), dir.resolve("latency.hlog"), ticks, intervalMs);
        ObjectMapper json = new ObjectMapper();
        ObjectNode run = (ObjectNode) json.readTree(shortRun.resolve("run.json").toFile());
        ((ObjectNode) run.path("scenario")).put("durationMs", ticks * intervalMs);
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("run.json").toFile(), run);
        Files.copy(shortRun.resolve("summary.json"), dir.resolve("summary.json"));
        return dir;
    }

    /** The rows of each tick after the baseline at 0, by tick; the first cell is elapsedMs. */
    private static void repeatRows(Path from, Path to, int ticks, long intervalMs) throws IOException {
        List<String> lines = Files.readAllLines(from, StandardCharsets.UTF_8);
        List<List<String>> source = new ArrayList<>(groups(lines.subList(1, lines.size()), ",", 0).values());
        source.remove(0); // the baseline row pair at Go
        try (BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.UTF_8)) {
            out.write(lines.get(0));
            out.newLine();
            for (int t = 0; t < ticks; t++) {
                for (String row : source.get(t % source.size())) {
                    out.write(t * intervalMs + row.substring(row.indexOf(',')));
                    out.newLine();
                }
            }
        }
    }

    /** The histogram lines of each interval (Tag=name,start,length,max,histogram), by start. */
    private static void repeatIntervals(Path from, Path to, int ticks, long intervalMs) throws IOException {
        List<String> lines = Files.readAllLines(from, StandardCharsets.US_ASCII);
        List<String> intervalLines = lines.stream().filter(l -> l.startsWith("Tag=")).toList();
        List<List<String>> source = new ArrayList<>(groups(intervalLines, ",", 1).values());
        try (BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.US_ASCII)) {
            for (String line : lines) {
                if (!line.startsWith("Tag=")) {
                    out.write(line);
                    out.newLine();
                }
            }
            for (int t = 0; t < ticks; t++) {
                String start = String.format(Locale.ROOT, "%.3f", t * intervalMs / 1000.0);
                for (String line : source.get(t % source.size())) {
                    String[] cells = line.split(",", 3);
                    out.write(cells[0] + "," + start + "," + cells[2]);
                    out.newLine();
                }
            }
        }
    }

    /** Lines grouped by their {@code cell}-th cell, in first-seen order. */
    private static Map<String, List<String>> groups(List<String> lines, String separator, int cell) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String line : lines) {
            byKey.computeIfAbsent(line.split(separator, cell + 2)[cell], k -> new ArrayList<>()).add(line);
        }
        return byKey;
    }
}
