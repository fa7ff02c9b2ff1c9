package dev.twbench.loadgen.scenario;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The netfilter sysctls the NAT lab's router may set ({@code --nat-sysctl}): conntrack's TCP
 * timers and checks, which each network namespace has its own copy of (writing one inside the
 * router leaves the host's value). The global ones ({@code nf_conntrack_max},
 * {@code nf_conntrack_buckets}, ...) are refused: a namespace other than the host's cannot write
 * them, and the host's would change the host.
 */
public enum RouterSysctl {
    TIMEOUT_SYN_SENT("nf_conntrack_tcp_timeout_syn_sent", 1, 86_400),
    TIMEOUT_SYN_RECV("nf_conntrack_tcp_timeout_syn_recv", 1, 86_400),
    TIMEOUT_ESTABLISHED("nf_conntrack_tcp_timeout_established", 1, 2_000_000),
    TIMEOUT_FIN_WAIT("nf_conntrack_tcp_timeout_fin_wait", 1, 86_400),
    TIMEOUT_CLOSE_WAIT("nf_conntrack_tcp_timeout_close_wait", 1, 86_400),
    TIMEOUT_LAST_ACK("nf_conntrack_tcp_timeout_last_ack", 1, 86_400),
    TIMEOUT_TIME_WAIT("nf_conntrack_tcp_timeout_time_wait", 1, 86_400),
    TIMEOUT_CLOSE("nf_conntrack_tcp_timeout_close", 1, 86_400),
    TIMEOUT_MAX_RETRANS("nf_conntrack_tcp_timeout_max_retrans", 1, 86_400),
    TIMEOUT_UNACKNOWLEDGED("nf_conntrack_tcp_timeout_unacknowledged", 1, 86_400),
    TCP_LOOSE("nf_conntrack_tcp_loose", 0, 1),
    TCP_BE_LIBERAL("nf_conntrack_tcp_be_liberal", 0, 1),
    TCP_MAX_RETRANS("nf_conntrack_tcp_max_retrans", 0, 255);

    private static final String PREFIX = "net.netfilter.";

    private final String leaf;
    private final long min;
    private final long max;

    RouterSysctl(String leaf, long min, long max) {
        this.leaf = leaf;
        this.min = min;
        this.max = max;
    }

    /** The full name, e.g. {@code net.netfilter.nf_conntrack_tcp_timeout_time_wait}. */
    public String key() {
        return PREFIX + leaf;
    }

    /** Where the value lives under /proc/sys of the reading process's namespace. */
    public Path procPath() {
        return Path.of("/proc/sys/net/netfilter", leaf);
    }

    /** Accepts the full name or the bare leaf. */
    public static Optional<RouterSysctl> byName(String name) {
        String leaf = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        return Arrays.stream(values()).filter(s -> s.leaf.equals(leaf)).findFirst();
    }

    /** One {@code KEY=VALUE}: the key must be one of these, the value a whole number in its range. */
    public static Map.Entry<RouterSysctl, String> parse(String setting) {
        int eq = setting.indexOf('=');
        String name = eq < 0 ? setting : setting.substring(0, eq).strip();
        RouterSysctl key = byName(name).orElseThrow(() -> InvalidScenarioException.of("--nat-sysctl", setting,
                "must be KEY=VALUE with one of the router namespace's own conntrack settings (a global one would"
                        + " change the host): " + allowedKeys()));
        if (eq < 0) {
            throw InvalidScenarioException.of("--nat-sysctl", setting, "must be KEY=VALUE");
        }
        String value = setting.substring(eq + 1).strip();
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < key.min || n > key.max) {
            throw InvalidScenarioException.of("--nat-sysctl", setting,
                    key.key() + " must be a whole number from " + key.min + " to " + key.max);
        }
        return Map.entry(key, Long.toString(n));
    }

    public static String allowedKeys() {
        return Arrays.stream(values()).map(RouterSysctl::key).collect(Collectors.joining(", "));
    }
}
