package dev.twbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sysctls as each side (or host) reported them back, one column each, one row per sysctl any of
 * them has, overrides marked {@code *}: the client and server of a run, or every host of a run
 * across hosts.
 *
 * <pre>{@code
 * SysctlTable.of(List.of(
 *         new SysctlTable.Column("client", lab.path("client").path("sysctls"), overrides.path("client")),
 *         new SysctlTable.Column("server", lab.path("server").path("sysctls"), overrides.path("server"))));
 * }</pre>
 */
final class SysctlTable {
    /**
     * @param label     the column's heading
     * @param sysctls   run.json's {@code sysctls} of the side: name to value as read back
     * @param overrides run.json's {@code scenario.sysctlOverrides} of the side: the names the run set
     */
    record Column(String label, JsonNode sysctls, JsonNode overrides) {
    }

    private SysctlTable() {
    }

    static Report.Table of(List<Column> columns) {
        TreeSet<String> keys = new TreeSet<>();
        columns.forEach(c -> c.sysctls().fieldNames().forEachRemaining(keys::add));
        List<List<String>> rows = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>(List.of(key));
            columns.forEach(c -> row.add(mark(c.sysctls().path(key).asText(""), c.overrides().has(key))));
            rows.add(row);
        }
        List<String> headers = new ArrayList<>(List.of("sysctl"));
        columns.forEach(c -> headers.add(c.label()));
        return Report.Table.of(headers, rows);
    }

    private static String mark(String value, boolean overridden) {
        return value.replace('\t', ' ') + (overridden ? " *" : "");
    }
}
