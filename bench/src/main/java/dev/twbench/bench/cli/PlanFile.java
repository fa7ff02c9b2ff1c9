package dev.twbench.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.sweep.Axis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep kept in version control: the same content as {@code sweep}'s command line, in YAML
 * (.yaml, .yml) or JSON. Unknown keys are refused, so a typo never silently drops an axis.
 *
 * <pre>
 * name: tw-reuse-vs-close
 * run:                       # shared by every variant: any run option
 *   rate: 2000
 *   duration: 20s
 *   drain: false
 *   client-sysctl: ["net.ipv4.ip_local_port_range=40000 41999"]
 * vary:                      # the matrix: run options or sysctls
 *   client.net.ipv4.tcp_tw_reuse: [0, 1, 2]
 *   close: [client-first, server-first]
 * </pre>
 */
record PlanFile(String name, List<String> runArgs, List<Axis> axes) {
    private static final Set<String> KEYS = Set.of("name", "description", "run", "vary");

    static PlanFile read(Path file) {
        JsonNode root;
        try {
            String fileName = file.getFileName().toString();
            ObjectMapper mapper = fileName.endsWith(".yaml") || fileName.endsWith(".yml")
                    ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw bad(file, "cannot read it: " + oneLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "must be a map with name, run and vary");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw bad(file, "unknown key '" + key + "'; allowed: description, name, run, vary");
            }
        }
        return new PlanFile(root.path("name").asText("sweep"), runArgs(file, root.path("run")),
                axes(file, root.path("vary")));
    }

    /** {@code rate: 2000} to {@code --rate 2000}; lists repeat the option; booleans are flags. */
    private static List<String> runArgs(Path file, JsonNode run) {
        List<String> args = new ArrayList<>();
        if (run.isMissingNode()) {
            return args;
        }
        if (!run.isObject()) {
            throw bad(file, "'run' must map run options to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = run.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            String name = option.getKey();
            if (!RunOptions.names().contains(name) || name.equals("out") || name.equals("name")) {
                throw bad(file, "'" + name + "' under 'run' is not a run option a sweep can share; see run --help");
            }
            for (JsonNode value : option.getValue().isArray() ? option.getValue() : List.of(option.getValue())) {
                if (RunOptions.isFlag(name)) {
                    args.add(value.asBoolean() ? "--" + name : "--no-" + name);
                } else {
                    args.add("--" + name);
                    args.add(value.asText());
                }
            }
        }
        return args;
    }

    private static List<Axis> axes(Path file, JsonNode vary) {
        List<Axis> axes = new ArrayList<>();
        if (vary.isMissingNode()) {
            return axes;
        }
        if (!vary.isObject()) {
            throw bad(file, "'vary' must map keys to lists of values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = vary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> axis = it.next();
            List<String> values = new ArrayList<>();
            for (JsonNode value : axis.getValue().isArray() ? axis.getValue() : List.of(axis.getValue())) {
                values.add(value.asText());
            }
            axes.add(new Axis(axis.getKey(), values));
        }
        return axes;
    }

    private static InvalidScenarioException bad(Path file, String why) {
        return InvalidScenarioException.of("--plan", file, why);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
