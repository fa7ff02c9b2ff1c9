package dev.twbench.bench.cli;

import dev.twbench.loadgen.sys.Exec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Hosts" for tests of runs across hosts: one network namespace per host, each with one address
 * in 198.18.50.0/24 on a link to a bridge that lives in a namespace of its own (nothing is added to
 * the test machine's own network). Processes started in a host are ended by their pid on close,
 * then the namespaces are deleted.
 *
 * <pre>{@code
 * try (BridgedHosts hosts = BridgedHosts.create("server", "client-1", "orchestrator")) {
 *     hosts.address("server");                              // 198.18.50.1
 *     Process agent = hosts.start("server", dir, "agent", "--listen", "198.18.50.1:7070", ...);
 * }
 * }</pre>
 */
final class BridgedHosts implements AutoCloseable {
    private static final String SUBNET = "198.18.50.";
    private static final AtomicInteger SETS = new AtomicInteger();

    private final String prefix;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<CliProcess> started = new ArrayList<>();

    private BridgedHosts(String prefix) {
        this.prefix = prefix;
    }

    static BridgedHosts create(String... hosts) {
        // Tests in one JVM run at once: each set of hosts has names (and a bridge, a network) of its own.
        BridgedHosts lab = new BridgedHosts("twbh-" + ProcessHandle.current().pid() + "-" + SETS.incrementAndGet());
        try {
            String bridge = lab.prefix + "-br";
            ip("netns", "add", bridge);
            lab.namespaces.put("bridge", bridge);
            ip("-n", bridge, "link", "add", "br0", "type", "bridge");
            ip("-n", bridge, "link", "set", "br0", "up");
            for (int i = 0; i < hosts.length; i++) {
                String ns = lab.prefix + "-" + i;
                String address = SUBNET + (i + 1);
                ip("netns", "add", ns);
                lab.namespaces.put(hosts[i], ns);
                lab.addresses.put(hosts[i], address);
                ip("-n", bridge, "link", "add", "h" + i, "type", "veth", "peer", "name", "eth0", "netns", ns);
                ip("-n", bridge, "link", "set", "h" + i, "master", "br0", "up");
                ip("-n", ns, "addr", "add", address + "/24", "dev", "eth0");
                ip("-n", ns, "link", "set", "eth0", "up");
                ip("-n", ns, "link", "set", "lo", "up");
            }
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    String address(String host) {
        return addresses.get(host);
    }

    String namespace(String host) {
        return namespaces.get(host);
    }

    /** twbench's CLI with {@code args}, run inside {@code host}; ended on close if it still runs. */
    CliProcess start(String host, Path workDir, String... args) throws IOException {
        return start(host, workDir, Map.of(), args);
    }

    /** The same, with these environment variables set (as a pod's container would have them). */
    CliProcess start(String host, Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> prefix = new ArrayList<>(List.of("ip", "netns", "exec", namespaces.get(host), "env"));
        env.forEach((k, v) -> prefix.add(k + "=" + v));
        CliProcess p = CliProcess.startUnder(prefix, workDir, args);
        started.add(p);
        return p;
    }

    @Override
    public void close() {
        for (CliProcess p : started) {
            try {
                p.signal("KILL");
                p.waitFor(10);
            } catch (IOException | InterruptedException | AssertionError e) {
                // already gone
            }
        }
        namespaces.values().forEach(ns -> Exec.run(List.of("ip", "netns", "delete", ns)));
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Exec.run(command).orThrow();
    }

    static void sleepMs(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
