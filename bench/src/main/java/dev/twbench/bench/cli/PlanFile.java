package dev.twbench.bench.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sweep.Axis;
import dev.twbench.loadgen.sweep.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep kept in version control: the same content as {@code sweep}'s command line, in YAML
 * (.yaml, .yml) or JSON. Unknown keys are refused, so a typo never silently drops an axis.
 * {@code run --plan} reads the same file without {@code vary}: there {@code run} may also name
 * the agents of a run across hosts ({@link RunPlan}).
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
record PlanFile(String name, List<RunOption> runOptions, List<Axis> axes) {
    /** One option under {@code run}, as command-line arguments: {@code rate: 2000} is --rate 2000. */
    record RunOption(String name, List<String> args) {
    }

    /** Which options a plan's {@code run} may hold, and what to say of one it may not. */
    record Allowed(Matrix.RunOptionNames options, String refusal) {
        /** A sweep's: run's own options, the same for every variant. */
        static Allowed sweep() {
            Matrix.RunOptionNames run = RunOptions.optionNames(RunOptions.spec());
            return new Allowed(new Matrix.RunOptionNames() {
                @Override
                public boolean exists(String name) {
                    return run.exists(name) && !name.equals("out") && !name.equals("name");
                }

                @Override
                public boolean isFlag(String name) {
                    return run.isFlag(name);
                }
            }, "is not a run option a sweep can share; allowed: the options of run --help, without the dashes,"
                    + " except out and name, and those of a run across hosts (a sweep runs in the lab)");
        }
    }

    private static final Set<String> KEYS = Set.of("name", "description", "run", "vary");
    /** Jackson's "(start marker at [Source: REDACTED ...; line: 1, column: 1])": the location is given apart. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(start marker )?at \\[Source: [^\\]]*\\]\\)?");

    static PlanFile read(Path file) {
        return read(file, Allowed.sweep());
    }

    /** @return the plan; its name is null when the file has none */
    static PlanFile read(Path file, Allowed allowed) {
        boolean yaml = file.getFileName() != null
                && (file.getFileName().toString().endsWith(".yaml") || file.getFileName().toString().endsWith(".yml"));
        JsonNode root;
        try {
            // A key given twice would otherwise silently keep the last one.
            ObjectMapper mapper = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw bad(file, syntaxError(yaml ? "YAML" : "JSON", e));
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
        String name = root.hasNonNull("name") ? root.path("name").asText() : null;
        if (name != null && !Scenario.isValidName(name)) {
            throw bad(file, "its name '" + name + "' " + Scenario.NAME_RULE);
        }
        return new PlanFile(name, runOptions(file, root.path("run"), allowed), axes(file, root.path("vary")));
    }

    /** Every option under {@code run}, in the file's order, as one argument list. */
    List<String> runArgs() {
        return runOptions.stream().flatMap(o -> o.args().stream()).toList();
    }

    /**
     * "not valid YAML at line 3, column 3: while parsing a flow sequence, expected ',' or ']'":
     * the parser's own words without the excerpt and caret lines it adds below them.
     */
    private static String syntaxError(String format, JsonProcessingException e) {
        String words = String.join(", ", String.valueOf(e.getOriginalMessage()).lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(line -> SOURCE.matcher(line).replaceAll("").strip()).toList());
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "not valid " + format + where + ": " + words;
    }

    /** {@code rate: 2000} to {@code --rate 2000}; lists repeat the option; booleans are flags. */
    private static List<RunOption> runOptions(Path file, JsonNode run, Allowed allowed) {
        List<RunOption> options = new ArrayList<>();
        if (run.isMissingNode()) {
            return options;
        }
        if (!run.isObject()) {
            throw bad(file, "'run' must map run options to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = run.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            String name = option.getKey();
            if (!allowed.options().exists(name)) {
                throw bad(file, "'" + name + "' under 'run' " + allowed.refusal());
            }
            List<String> args = new ArrayList<>();
            for (JsonNode value : values(file, "'" + name + "' under 'run'", option.getValue())) {
                if (allowed.options().isFlag(name)) {
                    args.add(flag(file, name, value) ? "--" + name : "--no-" + name);
                } else {
                    args.add("--" + name);
                    args.add(value.asText());
                }
            }
            options.add(new RunOption(name, List.copyOf(args)));
        }
        return options;
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
            if (axis.getValue().isArray() && axis.getValue().isEmpty()) {
                throw bad(file, "'" + axis.getKey() + "' under 'vary' is an empty list; give one or more values");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode value : values(file, "'" + axis.getKey() + "' under 'vary'", axis.getValue())) {
                values.add(value.asText());
            }
            axes.add(new Axis(axis.getKey(), values));
        }
        return axes;
    }

    /** A value or a list of values, each a plain one: a nested map or list is a mistake, not "". */
    private static List<JsonNode> values(Path file, String what, JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        node.forEach(values::add);
        if (!node.isArray()) {
            values = List.of(node);
        }
        for (JsonNode value : values) {
            if (value.isNull()) {
                throw bad(file, what + " has no value");
            }
            if (!value.isValueNode()) {
                throw bad(file, what + " must be a value or a list of values, not " + value);
            }
        }
        return values;
    }

    /** {@code drain: false}; anything but a yes or no is refused rather than read as false. */
    private static boolean flag(Path file, String name, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return switch (value.asText()) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw bad(file, "'" + name + "' under 'run' is '" + value.asText() + "'; allowed: true or false");
        };
    }

    private static InvalidScenarioException bad(Path file, String why) {
        return InvalidScenarioException.of("--plan", file, why);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
