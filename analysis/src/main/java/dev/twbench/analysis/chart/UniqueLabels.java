package dev.twbench.analysis.chart;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * XChart keys series and categories by name: two alike would merge, or be refused. Repeats get
 * {@code " #2"}, {@code " #3"}, ... in the order they come.
 *
 * <pre>{@code
 * UniqueLabels.of(List.of("a", "b", "a"));   // [a, b, a #2]
 * }</pre>
 */
final class UniqueLabels {
    private UniqueLabels() {
    }

    static List<String> of(List<String> labels) {
        Set<String> seen = new HashSet<>();
        List<String> unique = new ArrayList<>();
        for (String label : labels) {
            String candidate = label;
            for (int n = 2; !seen.add(candidate); n++) {
                candidate = label + " #" + n;
            }
            unique.add(candidate);
        }
        return unique;
    }
}
