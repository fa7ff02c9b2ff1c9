package dev.twbench.loadgen.scenario;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's own program on one side of the lab, in place of twbench's: a shell command run with
 * {@code sh -c} inside that side's namespace. {@code --server-cmd} (your server) may use
 * {@code {address}} (the server's address), {@code {port}} ({@code --server-port}, where it must
 * listen), {@code {dir}} (the run folder) and {@code {backend}} (where twbench's own server then
 * listens too, on the namespace's loopback, for a proxy to forward to); {@code --client-cmd} (your
 * client) {@code {server}},
 * {@code {port}} (where to connect) and {@code {dir}}. Placeholders are checked when the scenario
 * is built and filled in once the lab exists.
 *
 * <pre>{@code
 * LabCommand wrk = LabCommand.client("wrk -c 16 -d 10s http://{server}:{port}/");
 * String line = wrk.render(Map.of("server", "198.18.0.1", "port", "7000", "dir", runDir)); // what sh -c runs
 * }</pre>
 */
public record LabCommand(Role role, String template) {
    /** Which side the command plays, and what it may be told. */
    public enum Role {
        SERVER("--server-cmd", List.of("address", "port", "dir", "backend"), "nginx -c {dir}/nginx.conf"),
        CLIENT("--client-cmd", List.of("server", "port", "dir"), "curl -s http://{server}:{port}/");

        private final String option;
        private final List<String> placeholders;
        private final String example;

        Role(String option, List<String> placeholders, String example) {
            this.option = option;
            this.placeholders = placeholders;
            this.example = example;
        }

        public String option() {
            return option;
        }

        public List<String> placeholders() {
            return placeholders;
        }
    }

    /**
     * A lowercase word in braces, not after a '$': {@code ${HOME}} stays the shell's, and so does
     * {@code { print }} with its spaces; {@code {adress}} is a typo, and said so.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([a-z]+)}");

    public LabCommand {
        if (template == null || template.isBlank()) {
            throw InvalidScenarioException.of(role.option, template == null ? "" : template,
                    "must be a command for sh -c, such as '" + role.example + "'");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!role.placeholders.contains(m.group(1))) {
                throw InvalidScenarioException.of(role.option, m.group(), "is not a placeholder; the command may use "
                        + String.join(", ", role.placeholders.stream().map(p -> "{" + p + "}").toList()));
            }
        }
    }

    public static LabCommand server(String text) {
        return new LabCommand(Role.SERVER, text);
    }

    public static LabCommand client(String text) {
        return new LabCommand(Role.CLIENT, text);
    }

    /** True if the command uses {@code {name}}. */
    public boolean uses(String name) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The command line sh -c runs, each placeholder replaced by its value in {@code values}. */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder line = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(line, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(line);
        return line.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
