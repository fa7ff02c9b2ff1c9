package dev.twbench.bench.cli;

import dev.twbench.loadgen.lab.HostSysctls;
import dev.twbench.loadgen.lab.LabException;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.sys.Privileges;
import dev.twbench.loadgen.sys.UserNamespaces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The namespace lab for an ordinary user: this command is run again inside a user namespace
 * where the user is root (see {@link UserNamespaces}), and its exit code is returned. Ctrl-C
 * reaches both processes (same process group); the inner one cleans up, the outer one waits.
 */
final class Rootless {
    private Rootless() {
    }

    /**
     * @param args the command's own arguments, as typed
     * @return the inner process's exit code if the command was re-executed; empty to go on here
     * @throws LabException naming what is missing where neither root nor a user namespace is possible
     */
    static OptionalInt reexecIfNeeded(LabKind lab, List<String> args) {
        if (lab != LabKind.NETNS || Privileges.isRoot() || UserNamespaces.inside()) {
            return OptionalInt.empty();
        }
        Optional<String> whyNot = UserNamespaces.whyNot();
        if (whyNot.isPresent()) {
            throw new LabException("the namespace lab needs root or an unprivileged user namespace, and this user"
                    + " (uid " + uid() + ") has neither: " + whyNot.get() + "; ask for kernel.unprivileged_userns_clone=1"
                    + " and user.max_user_namespaces > 0, or use --lab host");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.twbench.bench.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(UserNamespaces.wrap(command)).inheritIO();
        builder.environment().put(UserNamespaces.INSIDE_VARIABLE, "1");
        builder.environment().put(HostSysctls.VARIABLE, HostSysctls.encode());
        try {
            Process inner = builder.start();
            // On Ctrl-C the JVM exits once its hooks are done: make one of them wait for the inner run's cleanup.
            Thread waitForInner = new Thread(() -> waitQuietly(inner), "twbench-wait-for-user-namespace");
            Runtime.getRuntime().addShutdownHook(waitForInner);
            int exit = inner.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(waitForInner);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            return OptionalInt.of(exit);
        } catch (IOException e) {
            throw new LabException("cannot start twbench inside a user namespace: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }

    private static void waitQuietly(Process inner) {
        try {
            inner.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String uid() {
        return Privileges.uid().map(String::valueOf).orElse("?");
    }
}
