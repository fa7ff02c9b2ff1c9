package dev.twbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * run.json's settings as a person reads them: each field under a label, its value with its unit
 * ("rate: 1,000 connections/s", "client port range: the kernel's (ip_local_port_range below)").
 * A field this does not know keeps its own name and value, so a newer run.json still shows all.
 */
final class SettingLabels {
    private record Label(String text, Function<JsonNode, String> value) {
    }

    private static final Map<String, Label> LABELS = Map.ofEntries(
            label("name", "run name", SettingLabels::text),
            label("closeOrder", "close order", SettingLabels::text),
            label("protocol", "protocol", SettingLabels::text),
            label("httpPath", "HTTP path", SettingLabels::text),
            label("requestsPerConnection", "requests per connection", SettingLabels::count),
            label("rateCps", "rate", v -> v.isNumber() ? Format.count(v.asLong()) + " connections/s"
                    : "as fast as it goes (closed loop)"),
            label("durationMs", "load duration", SettingLabels::millis),
            label("intervalMs", "sampling interval", SettingLabels::millis),
            label("maxInFlight", "most connections open at once", SettingLabels::count),
            label("requestBytes", "request", v -> Format.count(v.asLong()) + " bytes"),
            label("responseBytes", "response", v -> Format.count(v.asLong()) + " bytes"),
            label("timeoutMs", "attempt timeout", SettingLabels::millis),
            label("idleTimeoutMs", "server idle timeout (server-idle)", SettingLabels::millis),
            label("drain", "drain after the load", v -> v.asBoolean() ? "yes, until TIME_WAIT is back" : "no"),
            label("drainLimitMs", "drain limit", SettingLabels::millis),
            label("lab", "lab", v -> "host".equals(v.asText()) ? "the host's loopback"
                    : "network namespaces (" + v.asText() + ")"),
            label("serverPort", "server port", SettingLabels::text),
            label("serverPorts", "server ports", SettingLabels::count),
            label("serverReuseAddress", "SO_REUSEADDR on the listeners", v -> v.asBoolean() ? "on" : "off"),
            label("serverReusePort", "SO_REUSEPORT listeners per port", v -> v.asInt() == 0 ? "none (one listener)"
                    : v.asText()),
            label("clientBind", "client bind", SettingLabels::text),
            label("clientPortRange", "client port range (IP_LOCAL_PORT_RANGE)",
                    v -> v.isNull() ? "the kernel's (ip_local_port_range, below)" : v.asText()),
            label("clientAddresses", "client source addresses", SettingLabels::count),
            label("agentThreads", "event loops", v -> "client " + v.path("client").asText() + ", server "
                    + v.path("server").asText()),
            label("agentCpus", "agent CPUs", v -> "none".equals(v.asText()) ? "not pinned" : v.asText()),
            label("warmupMs", "warm-up (not measured)", v -> v.asLong() == 0 ? "none" : millis(v)),
            label("transport", "transport", SettingLabels::text),
            label("onAgentExit", "when an agent dies", SettingLabels::text),
            label("serverCommand", "server", v -> v.isNull() ? "twbench's own" : v.asText()),
            label("serverReadyTimeoutMs", "server command's time to listen", SettingLabels::millis),
            label("clientCommand", "client", v -> v.isNull() ? "twbench's own" : v.asText()),
            label("nat", "NAT router", v -> v.isNull() ? "none" : String.format(Locale.ROOT,
                    "%s ports (%s-%s) x %s address(es), %s", Format.count(v.path("ports").asLong()),
                    v.path("firstPort").asText(), v.path("lastPort").asText(), v.path("addresses").asText(),
                    v.path("mode").asText())),
            label("kernelRelease", "kernel", SettingLabels::text),
            label("os", "operating system", SettingLabels::text),
            label("hostname", "host", SettingLabels::text),
            label("cores", "cores", SettingLabels::text),
            label("memTotal", "memory", SettingLabels::memory),
            label("jdkVersion", "JDK", SettingLabels::text),
            label("jdkVendor", "JDK vendor", SettingLabels::text),
            label("jvm", "JVM", SettingLabels::text),
            label("twbenchVersion", "twbench", SettingLabels::text),
            label("openFilesSoftLimit", "open files, soft limit", SettingLabels::count),
            label("openFilesHardLimit", "open files, hard limit", SettingLabels::count));

    private SettingLabels() {
    }

    /** The row for one field: its label and its value in words. */
    static List<String> row(String field, JsonNode value) {
        Label label = LABELS.get(field);
        if (label == null) {
            return List.of(field, value.isValueNode() ? value.asText() : value.toString());
        }
        return List.of(label.text(), label.value().apply(value));
    }

    private static Map.Entry<String, Label> label(String field, String text, Function<JsonNode, String> value) {
        return Map.entry(field, new Label(text, value));
    }

    private static String text(JsonNode v) {
        return v.isNull() ? "none" : v.asText();
    }

    private static String count(JsonNode v) {
        return v.isNumber() ? Format.count(v.asLong()) : v.asText();
    }

    /** 30000 as "30 s", 100 as "100 ms", 600000 as "10 min". */
    static String millis(JsonNode v) {
        long ms = v.asLong();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return Format.count(ms / 60_000) + " min";
        }
        return ms % 1_000 == 0 ? Format.count(ms / 1_000) + " s" : Format.count(ms) + " ms";
    }

    /** /proc/meminfo's "24731708 kB" as "23.6 GiB". */
    static String memory(JsonNode v) {
        String[] parts = v.asText().trim().split("\\s+");
        if (parts.length == 2 && parts[0].matches("\\d+") && parts[1].equals("kB")) {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / 1024.0 / 1024.0);
        }
        return v.asText();
    }
}
