package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.sys.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few {@code ip netns} operations the lab needs, each one bounded {@code ip} call. */
final class Netns {
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private Netns() {
    }

    static void add(String name) {
        Exec.run(List.of("ip", "netns", "add", name)).orThrow();
    }

    /** Runs {@code ip -n <name> <args>} (or plain {@code ip <args>} for a null name). */
    static void ip(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        Exec.run(command).orThrow();
    }

    /** Removes the namespace; true if it is gone afterwards. */
    static boolean delete(String name) {
        Exec.Result result = Exec.run(List.of("ip", "netns", "delete", name));
        return result.ok() || !Files.exists(NETNS_DIR.resolve(name));
    }

    /** Names of every named network namespace. */
    static List<String> list() {
        Exec.Result result = Exec.run(List.of("ip", "netns", "list"));
        if (!result.ok()) {
            return List.of();
        }
        // Lines look like "twb-42-1-c (id: 3)" or just "twb-42-1-c".
        return result.stdout().lines().map(l -> l.split("\\s+")[0]).filter(l -> !l.isEmpty()).toList();
    }

    /** Pids of the processes living in the namespace. */
    static List<Long> pids(String name) {
        Exec.Result result = Exec.run(List.of("ip", "netns", "pids", name));
        return result.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+")).map(Long::parseLong)
                .toList();
    }

    /** When the namespace was created (the mtime of its bind mount under /run/netns). */
    static Optional<Instant> createdAt(String name) {
        try {
            return Optional.of(Files.getLastModifiedTime(NETNS_DIR.resolve(name)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Adds every address to {@code device} with one {@code ip -batch}: a thousand addresses cost one process. */
    static void addAddresses(String ns, String device, List<String> addresses, int prefixLength) {
        StringBuilder batch = new StringBuilder();
        for (String address : addresses) {
            batch.append("addr add ").append(address).append('/').append(prefixLength).append(" dev ").append(device)
                    .append('\n');
        }
        Exec.run(List.of("ip", "-n", ns, "-batch", "-"), batch.toString()).orThrow();
    }

    /**
     * Writes each value to its /proc/sys file inside the namespace, in order, with one shell.
     *
     * @return the file the kernel refused, if one did (the files after it are not written)
     */
    static Optional<String> writeProcFiles(String ns, Map<String, String> valueByPath) {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "while [ $# -gt 1 ]; do printf '%s\\n' \"$2\" 2>/dev/null > \"$1\" || { echo \"$1\"; exit 3; };"
                        + " shift 2; done", "sh"));
        valueByPath.forEach((path, value) -> {
            command.add(path);
            command.add(value);
        });
        Exec.Result result = exec(ns, command);
        if (result.ok()) {
            return Optional.empty();
        }
        String path = result.stdout().strip();
        return Optional.of(path.isEmpty() ? result.describe() : path);
    }

    /** Runs {@code command} inside the namespace and returns what it printed. */
    static Exec.Result exec(String name, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return Exec.run(full);
    }
}
