package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.loadgen.lab.HostSysctls;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.PortRange;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code plan}'s kernel settings: this host's values, as {@code doctor} reads them, or the
 * kernel's defaults with {@code --kernel-defaults}; on top, {@code run}'s own sysctl flags, and
 * the short forms plan has always had ({@code --tw-reuse 1} is {@code --client-sysctl
 * net.ipv4.tcp_tw_reuse=1}).
 */
final class PlanSysctls {
    @Option(names = "--kernel-defaults",
            description = "start from the kernel's defaults (port range 32768-60999, tcp_tw_reuse=2, ...) instead of"
                    + " this host's values")
    private boolean kernelDefaults;

    @Option(names = "--sysctl", paramLabel = "KEY=VALUE", description = "a sysctl for both sides, as for run")
    private List<String> both = new ArrayList<>();

    @Option(names = "--client-sysctl", paramLabel = "KEY=VALUE", description = "a sysctl for the client, as for run")
    private List<String> client = new ArrayList<>();

    @Option(names = "--server-sysctl", paramLabel = "KEY=VALUE", description = "a sysctl for the server, as for run")
    private List<String> server = new ArrayList<>();

    @Option(names = "--port-range", paramLabel = "LO-HI",
            description = "short for --client-sysctl net.ipv4.ip_local_port_range=\"LO HI\"")
    private String portRange;

    @Option(names = "--reserved-ports", paramLabel = "LIST",
            description = "short for --client-sysctl net.ipv4.ip_local_reserved_ports=LIST, e.g. 40000-40099,50000")
    private String reservedPorts;

    @Option(names = "--tw-reuse", paramLabel = "0|1|2", description = "short for --client-sysctl net.ipv4.tcp_tw_reuse=N;"
            + " 2 means loopback only")
    private String twReuse;

    @Option(names = "--tw-reuse-delay", paramLabel = "MS",
            description = "short for --client-sysctl net.ipv4.tcp_tw_reuse_delay=MS")
    private String twReuseDelay;

    @Option(names = "--timestamps", paramLabel = "on|off", description = "short for --sysctl net.ipv4.tcp_timestamps=1|0")
    private String timestamps;

    @Option(names = "--max-tw-buckets", paramLabel = "N", description = "short for --sysctl net.ipv4.tcp_max_tw_buckets=N")
    private String maxTwBuckets;

    /**
     * What the plan assumes.
     *
     * @param fromHost  true when the values start from this host's, false for the kernel's defaults
     * @param client    the client's values of every sysctl the model reads (and any other given)
     * @param server    the server's
     * @param overrides the values given on the command line, per side
     */
    record Settled(boolean fromHost, Map<NamespaceSysctl, String> client, Map<NamespaceSysctl, String> server,
            SysctlOverrides overrides) {

        CapacityInputs.Builder applyTo(CapacityInputs.Builder inputs) {
            return inputs.sysctls(client, server, null);
        }

        /** One line for the console: where the values come from and what was changed. */
        String describe() {
            String base = fromHost ? "this host's values (as doctor reads them; --kernel-defaults for the kernel's)"
                    : "the kernel's defaults (--kernel-defaults)";
            String given = overrides.isEmpty() ? "" : "; given: " + (side("client", overrides.client()) + " "
                    + side("server", overrides.server())).strip();
            return "settings: " + base + given;
        }

        private static String side(String name, Map<NamespaceSysctl, String> values) {
            return values.isEmpty() ? "" : name + " " + values.entrySet().stream()
                    .map(e -> e.getKey().key() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }

        /**
         * {@code run}'s flags that give the verification's namespaces the values the model read
         * (the client's port range, reserved ports, tcp_tw_reuse and delay; both sides' timestamps
         * and tcp_max_tw_buckets) and every other value given.
         */
        List<String> runArgs() {
            List<String> args = new ArrayList<>();
            client.forEach((k, v) -> {
                if (!v.isEmpty() && (CapacityInputs.KERNEL_DEFAULTS.containsKey(k) || overrides.client().containsKey(k))) {
                    args.addAll(List.of("--client-sysctl", k.key() + "=" + v));
                }
            });
            server.forEach((k, v) -> {
                if (k == NamespaceSysctl.TCP_TIMESTAMPS || k == NamespaceSysctl.TCP_MAX_TW_BUCKETS
                        || overrides.server().containsKey(k)) {
                    args.addAll(List.of("--server-sysctl", k.key() + "=" + v));
                }
            });
            return args;
        }

        /** Both sides' values by key, for JSON. */
        Map<String, Map<String, String>> asJson() {
            Map<String, Map<String, String>> sides = new LinkedHashMap<>();
            sides.put("client", byKey(client));
            sides.put("server", byKey(server));
            return sides;
        }

        private static Map<String, String> byKey(Map<NamespaceSysctl, String> values) {
            Map<String, String> keyed = new LinkedHashMap<>();
            values.forEach((k, v) -> keyed.put(k.key(), v));
            return keyed;
        }
    }

    /** Validates every value as its sysctl would, so errors name this command's flags. */
    Settled settle() {
        SysctlOverrides given = SysctlOverrides.parse(both, client, server);
        Map<NamespaceSysctl, String> clientGiven = new EnumMap<>(NamespaceSysctl.class);
        Map<NamespaceSysctl, String> serverGiven = new EnumMap<>(NamespaceSysctl.class);
        clientGiven.putAll(given.client());
        serverGiven.putAll(given.server());
        if (portRange != null) {
            PortRange ports = PortRange.parse("--port-range", portRange);
            shortForm("--port-range", portRange, NamespaceSysctl.IP_LOCAL_PORT_RANGE, ports.low() + " " + ports.high(),
                    clientGiven);
        }
        if (reservedPorts != null) {
            shortForm("--reserved-ports", reservedPorts, NamespaceSysctl.IP_LOCAL_RESERVED_PORTS, reservedPorts,
                    clientGiven);
        }
        if (twReuse != null) {
            shortForm("--tw-reuse", twReuse, NamespaceSysctl.TCP_TW_REUSE, twReuse, clientGiven);
        }
        if (twReuseDelay != null) {
            shortForm("--tw-reuse-delay", twReuseDelay, NamespaceSysctl.TCP_TW_REUSE_DELAY, twReuseDelay, clientGiven);
        }
        if (timestamps != null) {
            if (!timestamps.equals("on") && !timestamps.equals("off")) {
                throw InvalidScenarioException.of("--timestamps", timestamps, "must be on or off");
            }
            String value = timestamps.equals("on") ? "1" : "0";
            shortForm("--timestamps", timestamps, NamespaceSysctl.TCP_TIMESTAMPS, value, clientGiven);
            shortForm("--timestamps", timestamps, NamespaceSysctl.TCP_TIMESTAMPS, value, serverGiven);
        }
        if (maxTwBuckets != null) {
            shortForm("--max-tw-buckets", maxTwBuckets, NamespaceSysctl.TCP_MAX_TW_BUCKETS, maxTwBuckets, clientGiven);
            shortForm("--max-tw-buckets", maxTwBuckets, NamespaceSysctl.TCP_MAX_TW_BUCKETS, maxTwBuckets, serverGiven);
        }
        Map<NamespaceSysctl, String> base = new EnumMap<>(NamespaceSysctl.class);
        base.putAll(CapacityInputs.KERNEL_DEFAULTS);
        if (!kernelDefaults) {
            // The host's values as doctor reads them; in a plan re-run inside a user namespace
            // (--verify as an ordinary user) the parent hands them over.
            base.putAll(HostSysctls.read());
        }
        Map<NamespaceSysctl, String> clientValues = new EnumMap<>(base);
        clientValues.putAll(clientGiven);
        Map<NamespaceSysctl, String> serverValues = new EnumMap<>(base);
        serverValues.putAll(serverGiven);
        return new Settled(!kernelDefaults, clientValues, serverValues, new SysctlOverrides(clientGiven, serverGiven));
    }

    /** A short form's value, validated, unless the same key was also given in full. */
    private static void shortForm(String option, String text, NamespaceSysctl key, String value,
            Map<NamespaceSysctl, String> side) {
        if (side.containsKey(key)) {
            throw InvalidScenarioException.of(option, text, "sets " + key.key() + ", which a --sysctl flag sets too:"
                    + " give one of them");
        }
        side.put(key, key.normalise(option, value));
    }
}
