package dev.twbench.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Which twbench package uses which, as jdeps reads it from compiled classes, and the cycles in it.
 *
 * <pre>{@code
 * PackageGraph graph = PackageGraph.ofClasses(List.of(loadgenClasses, analysisClasses, benchClasses));
 * List<List<String>> cycles = graph.cycles();   // [[a, b, a], ...]: empty when packages import one way
 * }</pre>
 */
final class PackageGraph {
    /** jdeps -verbose:package: "   dev.twbench.a    -> dev.twbench.b    classes". */
    private static final Pattern EDGE =
            Pattern.compile("^\\s+(dev\\.twbench[\\w.]*)\\s+->\\s+(dev\\.twbench[\\w.]*)\\s");

    private final Map<String, Set<String>> uses;

    PackageGraph(Map<String, Set<String>> uses) {
        Map<String, Set<String>> sorted = new TreeMap<>();
        uses.forEach((from, to) -> sorted.put(from, new TreeSet<>(to)));
        this.uses = sorted;
    }

    /** Runs the JDK's jdeps over class directories or jars; a package's use of itself is left out. */
    static PackageGraph ofClasses(List<Path> classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps (module jdk.jdeps) is not in this JDK"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none", "-e", "dev\\.twbench\\..*"));
        classes.forEach(c -> args.add(c.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("jdeps " + args + " exited with " + exit + ": " + err);
        }
        Map<String, Set<String>> uses = new HashMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return new PackageGraph(uses);
    }

    Map<String, Set<String>> uses() {
        return uses;
    }

    /**
     * One shortest cycle through each package that reaches itself, starting at its first package
     * in name order and ending where it started; each cycle once.
     */
    List<List<String>> cycles() {
        Set<List<String>> cycles = new LinkedHashSet<>();
        for (String start : uses.keySet()) {
            List<String> cycle = shortestCycleThrough(start);
            if (!cycle.isEmpty()) {
                cycles.add(rotateToFirst(cycle));
            }
        }
        return List.copyOf(cycles);
    }

    /** start -> ... -> start, shortest first (breadth-first), or empty if start does not reach itself. */
    private List<String> shortestCycleThrough(String start) {
        Map<String, String> cameFrom = new HashMap<>();
        Set<String> seen = new HashSet<>(List.of(start));
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : uses.getOrDefault(at, Set.of())) {
                if (next.equals(start)) {
                    Deque<String> cycle = new ArrayDeque<>(List.of(start));
                    for (String p = at; p != null; p = cameFrom.get(p)) {
                        cycle.addFirst(p);
                    }
                    return List.copyOf(cycle);
                }
                if (seen.add(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return List.of();
    }

    /** [b, c, a, b] -> [a, b, c, a]: the same cycle found from any of its packages reads the same. */
    private static List<String> rotateToFirst(List<String> cycle) {
        List<String> ring = cycle.subList(0, cycle.size() - 1);
        int first = ring.indexOf(new TreeSet<>(ring).first());
        List<String> rotated = new ArrayList<>(ring.subList(first, ring.size()));
        rotated.addAll(ring.subList(0, first));
        rotated.add(rotated.get(0));
        return rotated;
    }
}
