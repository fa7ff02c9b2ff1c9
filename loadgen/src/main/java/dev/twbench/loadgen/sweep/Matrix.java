package dev.twbench.loadgen.sweep;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every combination of the axes' values, first axis slowest, each turned into the {@code run}
 * arguments that select it. Keys are checked here; values are checked when each variant's
 * arguments are parsed, all before the first run starts.
 */
public final class Matrix {
    private static final int MAX_VARIANTS = 1000;

    /** What the sweep needs to know about {@code run}'s options. */
    public interface RunOptionNames {
        boolean exists(String name);

        /** Takes no value: {@code --name} or {@code --no-name}. */
        boolean isFlag(String name);
    }

    private Matrix() {
    }

    public static List<Variant> expand(List<Axis> axes, RunOptionNames options) {
        if (axes.isEmpty()) {
            throw new InvalidScenarioException("a sweep needs at least one --vary KEY=V1,V2,... (or a plan with 'vary')");
        }
        long cells = 1;
        for (Axis axis : axes) {
            check(axis, options);
            cells *= axis.values().size();
        }
        if (cells > MAX_VARIANTS) {
            throw new InvalidScenarioException("invalid --vary: " + cells + " combinations; at most " + MAX_VARIANTS);
        }
        List<Variant> variants = new ArrayList<>();
        int[] choice = new int[axes.size()];
        for (int n = 1; n <= cells; n++) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> args = new ArrayList<>();
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                String value = axis.values().get(choice[a]);
                values.put(axis.key(), value);
                args.addAll(runArgs(axis.key(), value, options));
            }
            variants.add(new Variant(n, name(n, values), values, args));
            for (int a = axes.size() - 1; a >= 0; a--) { // odometer: last axis fastest
                if (++choice[a] < axes.get(a).values().size()) {
                    break;
                }
                choice[a] = 0;
            }
        }
        return variants;
    }

    private static void check(Axis axis, RunOptionNames options) {
        String key = axis.key();
        boolean sysctl = key.startsWith("client.net.") || key.startsWith("server.net.") || key.startsWith("net.");
        if (!sysctl && !options.exists(key)) {
            throw InvalidScenarioException.of("--vary", key, "must be a run option (close, rate, client-bind, ...)"
                    + " or a sysctl: client.net.ipv4.*, server.net.ipv4.*, or net.ipv4.* for both sides");
        }
        if (key.equals("out") || key.equals("name")) {
            throw InvalidScenarioException.of("--vary", key, "is set by the sweep itself");
        }
        if (axis.values().isEmpty() || axis.values().stream().anyMatch(String::isEmpty)) {
            throw InvalidScenarioException.of("--vary", key + "=" + String.join(",", axis.values()),
                    "needs one or more comma-separated values, none empty");
        }
    }

    /** The {@code run} arguments that set {@code key} to {@code value}. */
    static List<String> runArgs(String key, String value, RunOptionNames options) {
        if (key.startsWith("client.net.")) {
            return List.of("--client-sysctl", key.substring("client.".length()) + "=" + value);
        }
        if (key.startsWith("server.net.")) {
            return List.of("--server-sysctl", key.substring("server.".length()) + "=" + value);
        }
        if (key.startsWith("net.")) {
            return List.of("--sysctl", key + "=" + value);
        }
        if (options.isFlag(key)) {
            return switch (value) {
                case "true", "on" -> List.of("--" + key);
                case "false", "off" -> List.of("--no-" + key);
                default -> throw InvalidScenarioException.of("--vary", key + "=" + value, "must be true or false");
            };
        }
        return List.of("--" + key, value);
    }

    /** {@code client.net.ipv4.tcp_tw_reuse} -> {@code c.tcp_tw_reuse}; run options stay as they are. */
    static String shortKey(String key) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        if (key.startsWith("client.net.")) {
            return "c." + leaf;
        }
        if (key.startsWith("server.net.")) {
            return "s." + leaf;
        }
        return key.startsWith("net.") ? leaf : key;
    }

    /** A run folder label: {@code 03-close-server-first_c.tcp_tw_reuse-1}, within the 64 allowed characters. */
    static String name(int index, Map<String, String> values) {
        StringBuilder name = new StringBuilder(String.format("%02d", index));
        values.forEach((k, v) -> name.append(name.length() == 2 ? "-" : "_").append(shortKey(k)).append('-').append(v));
        String safe = name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.length() <= 64 ? safe : safe.substring(0, 64);
    }
}
