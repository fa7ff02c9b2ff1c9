package dev.twbench.analysis.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.PortRange;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the capacity model needs, as a run had it (from run.json, the sysctls each side
 * read back) or as a user describes a planned service ({@code plan}).
 *
 * @param closeOrder          who closes, hence who holds TIME_WAIT
 * @param rateCps             new connections per second; null for a closed loop (rate unknown in advance)
 * @param loadSeconds         length of the load; decides how high TIME_WAIT can climb in that time
 * @param clientBind          how the client gets its port
 * @param ephemeralPorts      ports connect() or bind(0) may pick: ip_local_port_range (narrowed by
 *                            IP_LOCAL_PORT_RANGE if set) minus ip_local_reserved_ports
 * @param clientAddresses     source addresses the client spreads over
 * @param serverPorts         destination ports the client spreads over
 * @param loopback            the connections run over loopback, where tcp_tw_reuse=2 means on
 * @param twReuse             client's net.ipv4.tcp_tw_reuse
 * @param twReuseDelayMs      client's net.ipv4.tcp_tw_reuse_delay (1000 where the kernel lacks it)
 * @param timestamps          client's net.ipv4.tcp_timestamps is on
 * @param clientMaxTwBuckets  client's net.ipv4.tcp_max_tw_buckets
 * @param serverMaxTwBuckets  server's net.ipv4.tcp_max_tw_buckets
 * @param natMappings         the NAT's mappings to the server, when a NAT lab's router sits between:
 *                            the 4-tuples the server sees, whatever ports the client used; 0 without
 */
public record CapacityInputs(
        CloseOrder closeOrder,
        Double rateCps,
        double loadSeconds,
        ClientBind clientBind,
        int ephemeralPorts,
        int clientAddresses,
        int serverPorts,
        boolean loopback,
        int twReuse,
        long twReuseDelayMs,
        boolean timestamps,
        long clientMaxTwBuckets,
        long serverMaxTwBuckets,
        long natMappings) {

    /** Kernel defaults for what a caller does not say. */
    public static final String DEFAULT_PORT_RANGE = "32768 60999";
    public static final long DEFAULT_MAX_TW_BUCKETS = 131_072;

    /**
     * The kernel's own values of the sysctls the model reads, as {@code plan --kernel-defaults}
     * assumes them (tcp_max_tw_buckets is half the TCP hash table: 131,072 on these machines).
     */
    public static final Map<NamespaceSysctl, String> KERNEL_DEFAULTS = Map.of(
            NamespaceSysctl.IP_LOCAL_PORT_RANGE, DEFAULT_PORT_RANGE,
            NamespaceSysctl.IP_LOCAL_RESERVED_PORTS, "",
            NamespaceSysctl.TCP_TW_REUSE, "2",
            NamespaceSysctl.TCP_TW_REUSE_DELAY, "1000",
            NamespaceSysctl.TCP_TIMESTAMPS, "1",
            NamespaceSysctl.TCP_MAX_TW_BUCKETS, Long.toString(DEFAULT_MAX_TW_BUCKETS));

    /** The same inputs at another rate (what-if rows, or the achieved rate of a run). */
    public CapacityInputs withRate(Double newRateCps) {
        return toBuilder().rateCps(newRateCps).build();
    }

    /** Kernel defaults: client-first, 1000/s for 30 s, plain connect() to one port, no reuse between hosts. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.closeOrder = closeOrder;
        b.rateCps = rateCps;
        b.loadSeconds = loadSeconds;
        b.clientBind = clientBind;
        b.ephemeralPorts = ephemeralPorts;
        b.clientAddresses = clientAddresses;
        b.serverPorts = serverPorts;
        b.loopback = loopback;
        b.twReuse = twReuse;
        b.twReuseDelayMs = twReuseDelayMs;
        b.timestamps = timestamps;
        b.clientMaxTwBuckets = clientMaxTwBuckets;
        b.serverMaxTwBuckets = serverMaxTwBuckets;
        b.natMappings = natMappings;
        return b;
    }

    /** For what-ifs: every field starts at the kernel's default or the source's value. */
    public static final class Builder {
        private CloseOrder closeOrder = CloseOrder.CLIENT_FIRST;
        private Double rateCps = 1000.0;
        private double loadSeconds = 30;
        private ClientBind clientBind = ClientBind.NONE;
        private int ephemeralPorts = CapacityInputs.ephemeralPorts(DEFAULT_PORT_RANGE, "", null);
        private int clientAddresses = 1;
        private int serverPorts = 1;
        private boolean loopback;
        private int twReuse = 2;
        private long twReuseDelayMs = 1000;
        private boolean timestamps = true;
        private long clientMaxTwBuckets = DEFAULT_MAX_TW_BUCKETS;
        private long serverMaxTwBuckets = DEFAULT_MAX_TW_BUCKETS;
        private long natMappings;

        private Builder() {
        }

        public Builder closeOrder(CloseOrder v) { closeOrder = v; return this; }
        public Builder rateCps(Double v) { rateCps = v; return this; }
        public Builder loadSeconds(double v) { loadSeconds = v; return this; }
        public Builder clientBind(ClientBind v) { clientBind = v; return this; }
        public Builder ephemeralPorts(int v) { ephemeralPorts = v; return this; }
        public Builder clientAddresses(int v) { clientAddresses = v; return this; }
        public Builder serverPorts(int v) { serverPorts = v; return this; }
        public Builder loopback(boolean v) { loopback = v; return this; }
        public Builder twReuse(int v) { twReuse = v; return this; }
        public Builder twReuseDelayMs(long v) { twReuseDelayMs = v; return this; }
        public Builder timestamps(boolean v) { timestamps = v; return this; }
        public Builder clientMaxTwBuckets(long v) { clientMaxTwBuckets = v; return this; }
        public Builder serverMaxTwBuckets(long v) { serverMaxTwBuckets = v; return this; }
        public Builder natMappings(long v) { natMappings = v; return this; }

        /**
         * Everything the model reads from the sides' sysctls: the client's port range, reserved
         * ports, tcp_tw_reuse and its delay, timestamps, both sides' tcp_max_tw_buckets. A key
         * missing from a map takes the kernel's default.
         *
         * @param perSocket IP_LOCAL_PORT_RANGE on the client's sockets, or null
         */
        public Builder sysctls(Map<NamespaceSysctl, String> client, Map<NamespaceSysctl, String> server,
                PortRange perSocket) {
            ephemeralPorts = CapacityInputs.ephemeralPorts(value(client, NamespaceSysctl.IP_LOCAL_PORT_RANGE),
                    value(client, NamespaceSysctl.IP_LOCAL_RESERVED_PORTS), perSocket);
            twReuse = Integer.parseInt(value(client, NamespaceSysctl.TCP_TW_REUSE));
            twReuseDelayMs = Long.parseLong(value(client, NamespaceSysctl.TCP_TW_REUSE_DELAY));
            timestamps = !"0".equals(value(client, NamespaceSysctl.TCP_TIMESTAMPS));
            clientMaxTwBuckets = Long.parseLong(value(client, NamespaceSysctl.TCP_MAX_TW_BUCKETS));
            serverMaxTwBuckets = Long.parseLong(value(server, NamespaceSysctl.TCP_MAX_TW_BUCKETS));
            return this;
        }

        private static String value(Map<NamespaceSysctl, String> sysctls, NamespaceSysctl key) {
            String v = sysctls.get(key);
            return v == null ? KERNEL_DEFAULTS.get(key) : v;
        }

        public CapacityInputs build() {
            return new CapacityInputs(closeOrder, rateCps, loadSeconds, clientBind, ephemeralPorts, clientAddresses,
                    serverPorts, loopback, twReuse, twReuseDelayMs, timestamps, clientMaxTwBuckets,
                    serverMaxTwBuckets, natMappings);
        }
    }

    /**
     * Reads a run's run.json.
     *
     * @throws IllegalArgumentException if a field the model needs is missing
     */
    public static CapacityInputs fromRunJson(JsonNode runJson) {
        JsonNode scenario = require(runJson, "scenario");
        JsonNode client = require(require(require(runJson, "lab"), "client"), "sysctls");
        JsonNode server = require(require(require(runJson, "lab"), "server"), "sysctls");
        JsonNode rate = require(scenario, "rateCps");
        String perSocket = scenario.path("clientPortRange").isTextual() ? scenario.path("clientPortRange").asText() : null;
        return builder()
                .closeOrder(CloseOrder.parse(require(scenario, "closeOrder").asText()))
                .rateCps(rate.isNumber() ? rate.asDouble() : null)
                .loadSeconds(require(scenario, "durationMs").asLong() / 1000.0)
                .clientBind(ClientBind.parse(scenario.path("clientBind").asText("none")))
                .sysctls(sysctls(client), sysctls(server), perSocket == null ? null : PortRange.parse("clientPortRange", perSocket))
                .clientAddresses(scenario.path("clientAddresses").asInt(1))
                .serverPorts(scenario.path("serverPorts").asInt(1))
                .loopback("host".equals(runJson.path("lab").path("kind").asText()))
                .natMappings(NatPool.fromRunJson(runJson).map(nat -> nat.mappingsFor(scenario.path("clientAddresses")
                        .asInt(1))).orElse(0L))
                .build();
    }

    /** A side's sysctls as run.json records them, by key; blank values left out. */
    private static Map<NamespaceSysctl, String> sysctls(JsonNode side) {
        Map<NamespaceSysctl, String> values = new EnumMap<>(NamespaceSysctl.class);
        for (NamespaceSysctl key : NamespaceSysctl.values()) {
            JsonNode v = side.get(key.key());
            if (v != null && !v.isNull() && !v.asText().isBlank()) {
                values.put(key, v.asText().trim());
            }
        }
        return values;
    }

    /**
     * Ports connect() may choose from.
     *
     * @param portRange     ip_local_port_range as the kernel prints it ("32768\t60999")
     * @param reservedPorts ip_local_reserved_ports ("40000-40099,50000" or empty)
     * @param perSocket     IP_LOCAL_PORT_RANGE, which narrows the range per socket; null if unset
     */
    public static int ephemeralPorts(String portRange, String reservedPorts, PortRange perSocket) {
        String[] ends = portRange.trim().split("\\s+");
        int low = Integer.parseInt(ends[0]);
        int high = Integer.parseInt(ends[1]);
        if (perSocket != null) {
            low = Math.max(low, perSocket.low());
            high = Math.min(high, perSocket.high());
        }
        return high < low ? 0 : high - low + 1 - reservedWithin(reservedPorts, low, high);
    }

    /** How many of the reserved ports fall inside [low, high]. */
    static int reservedWithin(String reserved, int low, int high) {
        int count = 0;
        for (String item : reserved.trim().isEmpty() ? new String[0] : reserved.trim().split(",")) {
            String[] range = item.split("-");
            int from = Math.max(low, Integer.parseInt(range[0].trim()));
            int to = Math.min(high, Integer.parseInt(range[range.length - 1].trim()));
            count += Math.max(0, to - from + 1);
        }
        return count;
    }

    private static JsonNode require(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("run.json has no " + field);
        }
        return v;
    }
}
