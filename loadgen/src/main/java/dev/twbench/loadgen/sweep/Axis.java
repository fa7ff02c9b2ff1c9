package dev.twbench.loadgen.sweep;

import java.util.List;

/**
 * One dimension of a sweep: a {@code run} option ({@code close}, {@code rate}, ...) or a sysctl
 * ({@code client.net.ipv4.X}, {@code server.net.ipv4.X}, {@code net.ipv4.X} for both sides), and
 * the values it takes.
 */
public record Axis(String key, List<String> values) {
    public Axis {
        values = List.copyOf(values);
    }
}
