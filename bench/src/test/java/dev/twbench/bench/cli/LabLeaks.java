package dev.twbench.bench.cli;

import dev.twbench.loadgen.lab.StaleLabs;
import java.util.List;

/**
 * Lab namespaces that a finished run left behind, on a machine where other runs (other test
 * classes, other people) add and remove their own labs meanwhile: a new lab whose owner has exited.
 *
 * <pre>{@code
 * List<String> before = StaleLabs.allLabNamespaces();
 * ...run twbench to its end...
 * assertEquals(List.of(), LabLeaks.since(before));
 * }</pre>
 */
final class LabLeaks {
    private LabLeaks() {
    }

    static List<String> since(List<String> labsBefore) {
        return StaleLabs.allLabNamespaces().stream().filter(ns -> !labsBefore.contains(ns))
                .filter(ns -> ProcessHandle.of(Long.parseLong(ns.split("-")[1])).isEmpty()).toList();
    }
}
