package dev.twbench.loadgen.sweep;

import java.util.List;
import java.util.Map;

/**
 * One cell of a sweep's matrix.
 *
 * @param index   1-based position in the matrix
 * @param name    label of its run folder, e.g. {@code 03-close-server-first_c.tcp_tw_reuse-1}
 * @param values  each axis's value in this cell, in axis order
 * @param runArgs what this cell adds to the shared {@code run} arguments
 */
public record Variant(int index, String name, Map<String, String> values, List<String> runArgs) {
    public Variant {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        runArgs = List.copyOf(runArgs);
    }

    /** {@code close=server-first c.tcp_tw_reuse=1}, for the console. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(text.isEmpty() ? "" : " ").append(Matrix.shortKey(k)).append('=').append(v));
        return text.toString();
    }
}
