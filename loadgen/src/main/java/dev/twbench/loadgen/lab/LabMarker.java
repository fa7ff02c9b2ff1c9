package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mark a namespace lab puts on every process it starts inside itself: the environment
 * variable {@value #VARIABLE}{@code =<namespace>}. A process in an abandoned lab is ended only
 * if it carries the mark of that very namespace, so what twbench did not start there (someone's
 * debugging shell, a process of another lab) is left alone.
 *
 * <pre>{@code
 * List<String> command = LabMarker.mark("twb-4242-1-c", List.of("java", ...)); // env TWBENCH_LAB=twb-4242-1-c java ...
 * ...
 * if (LabMarker.carriedBy(pid, "twb-4242-1-c")) { ... }  // read from /proc/<pid>/environ
 * }</pre>
 *
 * An environment variable rather than a {@code -Dtwbench.lab=...} system property: {@code env}
 * marks any command (a property would have to go after {@code java}, so the lab would have to
 * know the command's shape), it execs the command in place (the pid the caller holds stays the
 * process's own), the process's children inherit it, and the kernel keeps the environment a
 * process started with in /proc/<pid>/environ, which only the process's owner and root read:
 * the same privilege that removes the namespace. The lab needs to know nothing about what runs
 * in it (it used to look for the agent's main class, which made the lab depend on the agent).
 */
final class LabMarker {
    static final String VARIABLE = "TWBENCH_LAB";

    private LabMarker() {
    }

    /** {@code command}, run through {@code env} with the mark of {@code namespace} added to its environment. */
    static List<String> mark(String namespace, List<String> command) {
        List<String> marked = new ArrayList<>(List.of("env", VARIABLE + "=" + namespace));
        marked.addAll(command);
        return marked;
    }

    /** True if process {@code pid} was started with the mark of {@code namespace}; false if it is gone. */
    static boolean carriedBy(long pid, String namespace) {
        try {
            String environ = ProcFiles.read(Path.of("/proc", Long.toString(pid), "environ"));
            return Arrays.asList(environ.split("\u0000")).contains(VARIABLE + "=" + namespace);
        } catch (IOException e) {
            return false;
        }
    }
}
