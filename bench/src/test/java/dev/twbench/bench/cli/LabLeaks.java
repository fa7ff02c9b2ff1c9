package dev.twbench.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.loadgen.lab.StaleLabs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lab namespaces that finished runs left behind: those their own run.json files name that still
 * exist. Asked by name, because on this machine other runs add and remove labs meanwhile (a test
 * that SIGKILLs an orchestrator leaves its lab to the next start, on purpose), and a lab of this
 * JVM may belong to another test running beside.
 *
 * <pre>{@code
 * ...run twbench to its end, its run folders under dir...
 * assertEquals(List.of(), LabLeaks.leftBy(dir));
 * }</pre>
 */
final class LabLeaks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LabLeaks() {
    }

    /** Every lab namespace a run.json under {@code dir} names (lab.client, .server, .router) that still exists. */
    static List<String> leftBy(Path dir) throws IOException {
        List<String> recorded = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path runJson : files.filter(f -> f.getFileName().toString().equals("run.json")).toList()) {
                JsonNode lab = JSON.readTree(runJson.toFile()).path("lab");
                lab.forEach(side -> {
                    if (side.path("namespace").isTextual()) {
                        recorded.add(side.path("namespace").asText());
                    }
                });
            }
        }
        List<String> existing = StaleLabs.allLabNamespaces();
        return recorded.stream().filter(existing::contains).toList();
    }
}
