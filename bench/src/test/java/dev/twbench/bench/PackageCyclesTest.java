package dev.twbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.scenario.Scenario;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Packages import each other one way: jdeps, run over the compiled classes of all three modules,
 * finds no package that reaches itself.
 */
class PackageCyclesTest {

    @Test
    void noPackageOfTheThreeModulesReachesItself() {
        List<Path> modules = List.of(classesOf(Scenario.class), classesOf(RunResults.class), classesOf(Main.class));
        PackageGraph graph = PackageGraph.ofClasses(modules);
        // jdeps really read all three: each module's packages use others (no vacuous pass on an empty graph).
        for (String module : List.of("dev.twbench.loadgen.", "dev.twbench.analysis.", "dev.twbench.bench.")) {
            assertTrue(graph.uses().keySet().stream().anyMatch(p -> p.startsWith(module)),
                    "jdeps found no package of " + module + " in " + modules + ": " + graph.uses().keySet());
        }
        assertTrue(graph.uses().get("dev.twbench.bench.cli").contains("dev.twbench.loadgen.run"),
                graph.uses().toString());

        assertEquals(List.of(), graph.cycles().stream().map(PackageCyclesTest::arrows).toList(),
                "package cycles in " + modules);
    }

    @Test
    void aCycleIsNamedPackageByPackageOnceWhicheverPackageItIsFoundFrom() {
        // The graph before issue 13: agent -> engine -> lab -> agent, and experiment <-> catalogue <-> kit.
        PackageGraph before = new PackageGraph(Map.of(
                "agent", Set.of("engine", "lab", "scenario"),
                "engine", Set.of("lab", "scenario"),
                "lab", Set.of("agent", "scenario"),
                "run", Set.of("agent", "lab"),
                "experiment", Set.of("catalogue", "lab"),
                "catalogue", Set.of("experiment", "kit"),
                "kit", Set.of("experiment", "run")));

        assertEquals(List.of(
                "agent -> engine -> lab -> agent",
                "agent -> lab -> agent",
                "catalogue -> experiment -> catalogue",
                "catalogue -> kit -> experiment -> catalogue"),
                before.cycles().stream().map(PackageCyclesTest::arrows).sorted().toList());
        assertEquals(List.of(), new PackageGraph(Map.of("run", Set.of("agent", "lab"), "agent", Set.of("lab")))
                .cycles());
    }

    private static String arrows(List<String> cycle) {
        return cycle.stream().collect(Collectors.joining(" -> "));
    }

    /** The directory (or jar) the class was loaded from: what this test's classpath holds of its module. */
    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
