package dev.twbench.loadgen.scenario;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sysctl values a scenario asks for, per side, on top of the host's current values.
 * Keys are validated against {@link NamespaceSysctl}; a later setting of the same key wins,
 * and a side-specific setting wins over {@code --sysctl} for both sides.
 */
public record SysctlOverrides(Map<NamespaceSysctl, String> client, Map<NamespaceSysctl, String> server) {

    public SysctlOverrides {
        client = Collections.unmodifiableMap(new EnumMap<>(copy(client)));
        server = Collections.unmodifiableMap(new EnumMap<>(copy(server)));
    }

    public static SysctlOverrides none() {
        return new SysctlOverrides(Map.of(), Map.of());
    }

    public Map<NamespaceSysctl, String> forSide(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    public boolean isEmpty() {
        return client.isEmpty() && server.isEmpty();
    }

    /** Parses the three repeatable flags; {@code both} applies first, the side flags on top. */
    public static SysctlOverrides parse(Iterable<String> both, Iterable<String> clientOnly, Iterable<String> serverOnly) {
        Map<NamespaceSysctl, String> client = new LinkedHashMap<>();
        Map<NamespaceSysctl, String> server = new LinkedHashMap<>();
        for (String setting : both) {
            Map.Entry<NamespaceSysctl, String> e = parseOne("--sysctl", setting);
            client.put(e.getKey(), e.getValue());
            server.put(e.getKey(), e.getValue());
        }
        for (String setting : clientOnly) {
            Map.Entry<NamespaceSysctl, String> e = parseOne("--client-sysctl", setting);
            client.put(e.getKey(), e.getValue());
        }
        for (String setting : serverOnly) {
            Map.Entry<NamespaceSysctl, String> e = parseOne("--server-sysctl", setting);
            server.put(e.getKey(), e.getValue());
        }
        return new SysctlOverrides(client, server);
    }

    /** {@code net.ipv4.tcp_tw_reuse=1} to (TCP_TW_REUSE, "1"). */
    public static Map.Entry<NamespaceSysctl, String> parseOne(String option, String setting) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
            throw InvalidScenarioException.of(option, setting, "must be KEY=VALUE, e.g. net.ipv4.tcp_tw_reuse=1");
        }
        String name = setting.substring(0, eq).trim();
        NamespaceSysctl key = NamespaceSysctl.byName(name).orElseThrow(() -> InvalidScenarioException.of(option,
                setting, "'" + name + "' is not a per-namespace sysctl twbench sets; allowed: "
                        + NamespaceSysctl.allowedKeys()));
        return Map.entry(key, key.normalise(option, setting.substring(eq + 1)));
    }

    private static Map<NamespaceSysctl, String> copy(Map<NamespaceSysctl, String> m) {
        return m.isEmpty() ? new EnumMap<>(NamespaceSysctl.class) : new EnumMap<>(m);
    }
}
