package dev.twbench.loadgen.sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lab without root: an ordinary user re-executes twbench inside a new user namespace (where it
 * is root), with its own mount namespace (a private tmpfs on /run, so {@code ip netns} can keep
 * its namespace files there) and its own network namespace (so {@code ip netns add} may switch
 * back to it). Everything created in there is the user's own and disappears with the process:
 * the host's namespaces, interfaces and sysctls are out of reach.
 */
public final class UserNamespaces {
    /** Set in the re-executed process, so it does not re-execute again. */
    public static final String INSIDE_VARIABLE = "TWBENCH_IN_USER_NAMESPACE";
    private static final List<String> UNSHARE = List.of("unshare", "--user", "--map-root-user", "--mount", "--net");

    private UserNamespaces() {
    }

    /** True in a process twbench re-executed inside its own user namespace. */
    public static boolean inside() {
        return "1".equals(System.getenv(INSIDE_VARIABLE));
    }

    /**
     * Asks the kernel whether this user may create the namespaces the lab needs.
     *
     * @return empty if it may, otherwise the reason (one line)
     */
    public static Optional<String> whyNot() {
        Exec.Result result = Exec.run(concat(UNSHARE, List.of("true")));
        if (result.ok()) {
            return Optional.empty();
        }
        String reason = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip().lines().findFirst()
                .orElse("exit code " + result.exitCode());
        return Optional.of("'" + String.join(" ", UNSHARE) + " true' failed: " + reason);
    }

    /** {@code command}, run inside a new user, mount and network namespace with /run on a private tmpfs. */
    public static List<String> wrap(List<String> command) {
        return concat(UNSHARE, concat(List.of("sh", "-c", "mount -t tmpfs twbench /run && exec \"$@\"", "sh"), command));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
