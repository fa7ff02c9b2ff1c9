package dev.twbench.analysis.comparison;

import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.sweep.Axis;
import dev.twbench.loadgen.sweep.SweepState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A sweep side by side: one row per variant with its axis values and what its run measured,
 * written as comparison.csv (for tools) and comparison.md (for people). Every number comes from
 * the variant's summary.json; a variant that has not run, or failed before measuring, has empty
 * cells.
 *
 * <pre>{@code
 * ComparisonTable table = ComparisonTable.of(SweepState.read(sweepDir));
 * table.writeCsv(sweepDir.resolve("comparison.csv"));
 * table.writeMarkdown(sweepDir.resolve("comparison.md"));
 * }</pre>
 */
public record ComparisonTable(List<String> header, List<List<String>> rows) {

    /** A measured column: its header and how to read it off a summary. */
    private record Measure(String header, Function<Summary, Object> value) {
    }

    private static final List<Measure> MEASURES = List.of(
            new Measure("completed", Summary::completed),
            new Measure("achievedRateCps", Summary::achievedRateCps),
            new Measure("failed", Summary::failed),
            new Measure("firstFailureSecond", Summary::firstFailureSecond),
            new Measure("timeWaitPeakClient", s -> s.timeWait().get("client").peak()),
            new Measure("timeWaitPeakServer", s -> s.timeWait().get("server").peak()),
            new Measure("twRecycledClient", s -> s.timeWait().get("client").recycled()),
            new Measure("twRecycledServer", s -> s.timeWait().get("server").recycled()),
            new Measure("twOverflowClient", s -> s.timeWait().get("client").overflow()),
            new Measure("twOverflowServer", s -> s.timeWait().get("server").overflow()),
            new Measure("measuredTimeWaitSeconds", Summary::measuredTimeWaitSeconds));

    public static ComparisonTable of(SweepState state) {
        TreeSet<String> errnos = new TreeSet<>();
        for (SweepState.VariantState v : state.variants()) {
            if (v.summary() != null) {
                errnos.addAll(v.summary().failures().keySet());
            }
        }
        List<String> header = new ArrayList<>(List.of("variant"));
        state.axes().stream().map(Axis::key).forEach(header::add);
        header.add("status");
        MEASURES.forEach(m -> header.add(m.header()));
        errnos.forEach(e -> header.add("failed" + e));
        header.add("reason");
        header.add("run");
        List<List<String>> rows = new ArrayList<>();
        for (SweepState.VariantState v : state.variants()) {
            List<String> row = new ArrayList<>(List.of(v.name()));
            state.axes().forEach(a -> row.add(v.values().get(a.key())));
            row.add(v.status().name().toLowerCase(java.util.Locale.ROOT));
            Summary s = v.summary();
            for (Measure m : MEASURES) {
                row.add(s == null ? "" : text(m.value().apply(s)));
            }
            for (String errno : errnos) {
                row.add(s == null ? "" : text(s.failures().getOrDefault(errno, 0L)));
            }
            row.add(v.reason() == null ? "" : v.reason());
            row.add(v.runDir() == null ? "" : v.runDir());
            rows.add(row);
        }
        return new ComparisonTable(List.copyOf(header), List.copyOf(rows));
    }

    /** The cell of a column in a variant's row, by header. */
    public String cell(int row, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + header);
        }
        return rows.get(row).get(index);
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", header.stream().map(ComparisonTable::csvField).toList())).append('\n');
        for (List<String> row : rows) {
            csv.append(String.join(",", row.stream().map(ComparisonTable::csvField).toList())).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    public void writeMarkdown(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        Files.writeString(file, md, StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** Writes comparison.csv and comparison.md beside sweep.json. */
    public static void writeBeside(Path sweepDir, SweepState state) throws IOException {
        ComparisonTable table = of(state);
        table.writeCsv(sweepDir.resolve("comparison.csv"));
        table.writeMarkdown(sweepDir.resolve("comparison.md"));
    }
}
