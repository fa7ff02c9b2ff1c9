package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings tables of a report: labels and units a person reads, not run.json's field names. */
class SettingLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> row(String field, String json) throws Exception {
        JsonNode value = JSON.readTree(json);
        return SettingLabels.row(field, value);
    }

    @Test
    void fieldsReadAsLabelsWithTheirUnits() throws Exception {
        assertEquals(List.of("rate", "1,000 connections/s"), row("rateCps", "1000"));
        assertEquals(List.of("rate", "as fast as it goes (closed loop)"), row("rateCps", "\"max\""));
        assertEquals(List.of("client port range (IP_LOCAL_PORT_RANGE)", "the kernel's (ip_local_port_range, below)"),
                row("clientPortRange", "null"));
        assertEquals(List.of("load duration", "30 s"), row("durationMs", "30000"));
        assertEquals(List.of("sampling interval", "100 ms"), row("intervalMs", "100"));
        assertEquals(List.of("memory", "23.6 GiB"), row("memTotal", "\"24731708 kB\""));
        assertEquals(List.of("NAT router", "1,000 ports (40000-40999) x 1 address(es), snat"),
                row("nat", "{\"ports\":1000,\"addresses\":1,\"mode\":\"snat\",\"firstPort\":40000,\"lastPort\":40999}"));
    }

    @Test
    void aFieldItDoesNotKnowKeepsItsNameAndValue() throws Exception {
        assertEquals(List.of("somethingNew", "7"), row("somethingNew", "7"));
    }
}
