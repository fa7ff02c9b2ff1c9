package dev.twbench.loadgen.scenario;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code net.ipv4} sysctls that each network namespace has its own copy of and that
 * decide where TIME_WAIT lands and how ports are chosen (see docs/kernel-facts.md). Only these
 * may be set with {@code --sysctl}, {@code --client-sysctl} and {@code --server-sysctl}:
 * anything else is either global (changing it would change the host) or irrelevant.
 */
public enum NamespaceSysctl {
    TCP_TW_REUSE("tcp_tw_reuse", Rule.range(0, 2)),
    TCP_TW_REUSE_DELAY("tcp_tw_reuse_delay", Rule.range(1, 60_000)),
    TCP_TIMESTAMPS("tcp_timestamps", Rule.range(0, 2)),
    TCP_FIN_TIMEOUT("tcp_fin_timeout", Rule.range(1, 86_400)),
    TCP_MAX_TW_BUCKETS("tcp_max_tw_buckets", Rule.range(0, Integer.MAX_VALUE)),
    IP_LOCAL_PORT_RANGE("ip_local_port_range", Rule.PORT_RANGE),
    IP_LOCAL_RESERVED_PORTS("ip_local_reserved_ports", Rule.PORT_LIST),
    TCP_RFC1337("tcp_rfc1337", Rule.range(0, 1)),
    IP_AUTOBIND_REUSE("ip_autobind_reuse", Rule.range(0, 1)),
    TCP_MIGRATE_REQ("tcp_migrate_req", Rule.range(0, 1));

    private static final String PREFIX = "net.ipv4.";

    private final String leaf;
    private final Rule rule;

    NamespaceSysctl(String leaf, Rule rule) {
        this.leaf = leaf;
        this.rule = rule;
    }

    /** The full name, e.g. {@code net.ipv4.tcp_tw_reuse}. */
    public String key() {
        return PREFIX + leaf;
    }

    /** Where the value lives under /proc/sys of the reading process's namespace. */
    public Path procPath() {
        return Path.of("/proc/sys/net/ipv4", leaf);
    }

    /** Accepts the full name or the bare leaf ({@code tcp_tw_reuse}). */
    public static Optional<NamespaceSysctl> byName(String name) {
        String leaf = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        return Arrays.stream(values()).filter(s -> s.leaf.equals(leaf)).findFirst();
    }

    /**
     * Validates a value and returns the spelling the kernel expects.
     *
     * @param option the flag, for the error message
     */
    public String normalise(String option, String value) {
        return rule.normalise(option, key(), value);
    }

    public static String allowedKeys() {
        return Arrays.stream(values()).map(NamespaceSysctl::key).collect(Collectors.joining(", "));
    }

    /** A value rule; each returns the kernel's spelling or throws a one-line error. */
    private interface Rule {
        String normalise(String option, String key, String value);

        Rule PORT_RANGE = (option, key, value) -> {
            String[] parts = value.trim().split("[\\s-]+");
            String allowed = "must be two ports 'LO HI' (or LO-HI) with 1 <= LO <= HI <= 65535";
            if (parts.length != 2) {
                throw InvalidScenarioException.of(option, key + "=" + value, allowed);
            }
            long lo = parseLong(parts[0]);
            long hi = parseLong(parts[1]);
            if (lo < 1 || hi > 65_535 || lo > hi) {
                throw InvalidScenarioException.of(option, key + "=" + value, allowed);
            }
            return lo + " " + hi;
        };

        Rule PORT_LIST = (option, key, value) -> {
            String trimmed = value.trim();
            Pattern list = Pattern.compile("(\\d{1,5}(-\\d{1,5})?)(,\\d{1,5}(-\\d{1,5})?)*");
            boolean valid = trimmed.isEmpty() || list.matcher(trimmed).matches();
            for (String item : trimmed.isEmpty() ? new String[0] : trimmed.split(",")) {
                String[] ends = item.split("-");
                long lo = parseLong(ends[0]);
                long hi = parseLong(ends[ends.length - 1]);
                valid &= lo >= 1 && hi <= 65_535 && lo <= hi;
            }
            if (!valid) {
                throw InvalidScenarioException.of(option, key + "=" + value, "must be a comma-separated list of"
                        + " ports or LO-HI ranges within 1-65535, e.g. 40000-40099,50000 (empty for none)");
            }
            return trimmed;
        };

        static Rule range(long min, long max) {
            return (option, key, value) -> {
                long v = parseLong(value.trim());
                if (v < min || v > max) {
                    throw InvalidScenarioException.of(option, key + "=" + value,
                            "must be a whole number from " + min + " to " + max);
                }
                return Long.toString(v);
            };
        }

        private static long parseLong(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
    }

    @Override
    public String toString() {
        return key().toLowerCase(Locale.ROOT);
    }
}
