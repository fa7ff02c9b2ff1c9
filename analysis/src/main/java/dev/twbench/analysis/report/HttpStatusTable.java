package dev.twbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.record.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP responses twbench's own client received, by status: the 2xx it counted as requests
 * answered, and each other status it counted as a failure named after it ({@code HTTP_404}), as
 * summary.json holds them. A run whose client was the user's command has its statuses in that
 * command's own output, which twbench does not parse; a raw or connect run has no statuses.
 */
final class HttpStatusTable {
    static final List<String> HEADERS = List.of("response", "count", "share of responses");
    /** How the engine names a failure that is an HTTP status, or a reply that was not HTTP. */
    private static final String STATUS_FAILURE = "HTTP_";
    private static final String NOT_HTTP = "HTTP_MALFORMED";

    private HttpStatusTable() {
    }

    /** The table for an http1 run; a sentence for a client command's; nothing for other protocols. */
    static Optional<Report.Block> of(JsonNode manifest, Summary s) {
        if (manifest == null || s == null || !manifest.path("scenario").path("protocol").asText().equals("http1")) {
            return Optional.empty();
        }
        if (manifest.path("lab").path("client").path("runs").asText().equals("command")) {
            return Optional.of(Report.Paragraph.of("The client was a command (--client-cmd): its own output,"
                    + " client-cmd.log, has the status of each response; twbench saw only the connections."));
        }
        List<Map.Entry<String, Long>> statuses = s.failures().entrySet().stream()
                .filter(e -> e.getKey().startsWith(STATUS_FAILURE) && e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey()).toList();
        long responses = s.requests() + statuses.stream().mapToLong(Map.Entry::getValue).sum();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("2xx (requests answered)", s.requests(), responses));
        for (Map.Entry<String, Long> status : statuses) {
            String label = status.getKey().equals(NOT_HTTP) ? "not HTTP (" + NOT_HTTP + ")"
                    : status.getKey().substring(STATUS_FAILURE.length()) + " (failed as " + status.getKey() + ")";
            rows.add(row(label, status.getValue(), responses));
        }
        return Optional.of(Report.Table.of(HEADERS, rows));
    }

    private static List<String> row(String label, long count, long responses) {
        return List.of(label, Format.count(count), responses == 0 ? "-"
                : String.format(Locale.ROOT, "%.1f %%", 100.0 * count / responses));
    }
}
