package dev.twbench.bench.k8s;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The sysctls of {@code run}'s {@code --sysctl}, {@code --client-sysctl} and {@code --server-sysctl},
 * as the pods' {@code securityContext.sysctls}: in Kubernetes the kubelet sets them when it makes
 * the pod's namespaces, so the orchestrator never does.
 *
 * <p>A pod may set only namespaced sysctls. Accepted: the {@code net.ipv4} ones {@code run} takes
 * (each has its own copy per network namespace; {@link NamespaceSysctl}, with {@code run}'s value
 * rules) and the IPC namespace's {@code kernel.shm*}, {@code kernel.msg*} and {@code kernel.sem}.
 * Anything else is bad input. Of those, Kubernetes' "safe" set ({@link #SAFE}) works on any node;
 * the others are "unsafe" and a pod using them starts only on a node whose kubelet lists them in
 * {@code --allowed-unsafe-sysctls} (it is scheduled, then fails with SysctlForbidden).
 *
 * <pre>{@code
 * PodSysctls s = PodSysctls.parse(List.of(), List.of("net.ipv4.tcp_tw_reuse=1"), List.of());
 * s.client();  // {net.ipv4.tcp_tw_reuse=1}
 * s.unsafe();  // [net.ipv4.tcp_tw_reuse]
 * }</pre>
 *
 * @param client the client pods' sysctls, full key to the kernel's spelling of the value
 * @param server the server pod's
 */
public record PodSysctls(Map<String, String> client, Map<String, String> server) {
    /**
     * Kubernetes' safe sysctls, as its documentation lists them ("Using sysctls in a Kubernetes
     * Cluster", Kubernetes 1.32): the first three always, then since 1.18 ping_group_range, 1.22
     * ip_unprivileged_port_start, 1.27 ip_local_reserved_ports, 1.29 the keepalive three and
     * tcp_fin_timeout, 1.32 tcp_rmem and tcp_wmem. An older kubelet counts the later ones as unsafe.
     */
    public static final Set<String> SAFE = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");

    /** The IPC namespace's sysctls, as Kubernetes names them: kernel.shm*, kernel.msg*, kernel.sem. */
    private static final Pattern IPC = Pattern.compile("kernel\\.(shm[a-z_]*|msg[a-z_]*|sem)");
    /** Their values are whole numbers: one, or kernel.sem's four. */
    private static final Pattern IPC_VALUE = Pattern.compile("\\d+(\\s+\\d+)*");

    public PodSysctls {
        client = Collections.unmodifiableMap(new LinkedHashMap<>(client));
        server = Collections.unmodifiableMap(new LinkedHashMap<>(server));
    }

    public static PodSysctls none() {
        return new PodSysctls(Map.of(), Map.of());
    }

    /**
     * Parses the three flags' values as {@code run} would ({@code both} first, a side's own on top),
     * but as a pod can have them.
     *
     * @throws InvalidScenarioException one line naming the setting and what a pod may set
     */
    public static PodSysctls parse(Iterable<String> both, Iterable<String> clientOnly, Iterable<String> serverOnly) {
        Map<String, String> client = new LinkedHashMap<>();
        Map<String, String> server = new LinkedHashMap<>();
        for (String setting : both) {
            Map.Entry<String, String> e = parseOne("--sysctl", setting);
            client.put(e.getKey(), e.getValue());
            server.put(e.getKey(), e.getValue());
        }
        for (String setting : clientOnly) {
            Map.Entry<String, String> e = parseOne("--client-sysctl", setting);
            client.put(e.getKey(), e.getValue());
        }
        for (String setting : serverOnly) {
            Map.Entry<String, String> e = parseOne("--server-sysctl", setting);
            server.put(e.getKey(), e.getValue());
        }
        return new PodSysctls(client, server);
    }

    /** {@code net.ipv4.tcp_tw_reuse=1} to (net.ipv4.tcp_tw_reuse, 1); a key run knows keeps run's rules. */
    static Map.Entry<String, String> parseOne(String option, String setting) {
        int eq = setting.indexOf('=');
        String name = eq > 0 ? setting.substring(0, eq).trim() : "";
        if (NamespaceSysctl.byName(name).isPresent() || eq <= 0) {
            Map.Entry<NamespaceSysctl, String> e = SysctlOverrides.parseOne(option, setting);
            return Map.entry(e.getKey().key(), e.getValue());
        }
        if (IPC.matcher(name).matches()) {
            String value = setting.substring(eq + 1).trim();
            if (!IPC_VALUE.matcher(value).matches()) {
                throw InvalidScenarioException.of(option, setting, "the value of " + name + " must be whole numbers");
            }
            return Map.entry(name, value.replaceAll("\\s+", " "));
        }
        throw InvalidScenarioException.of(option, setting, "a pod can set only namespaced sysctls: the net.ipv4 ones"
                + " run takes (" + NamespaceSysctl.allowedKeys() + ") and the IPC ones kernel.shm*, kernel.msg*,"
                + " kernel.sem");
    }

    /** The keys used, on either side, that Kubernetes does not count as safe. */
    public SortedSet<String> unsafe() {
        SortedSet<String> unsafe = new TreeSet<>(client.keySet());
        unsafe.addAll(server.keySet());
        unsafe.removeAll(SAFE);
        return unsafe;
    }
}
