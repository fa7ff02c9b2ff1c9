package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.Privileges;
import dev.twbench.loadgen.sys.UserNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JVM re-executed in a network namespace of its own, where it neither sees nor leaves TIME_WAIT
 * on the host and may set the per-namespace sysctls it needs. The namespace goes away with the
 * process: nothing to clean up, even after a SIGKILL.
 *
 * <pre>{@code
 * if (!FreshNamespace.inside()) {
 *     System.exit(FreshNamespace.reexec(MAIN, args, "the JMH run"));   // the same command, isolated
 * }
 * FreshNamespace.prepare();            // loopback up, the host's sysctls copied in
 * org.openjdk.jmh.Main.main(args);     // child processes inherit the namespace
 * }</pre>
 *
 * The parent hands its own namespace's identity to the child, which checks that it really is
 * somewhere else before anything may write a sysctl.
 */
public final class FreshNamespace {
    /** Set in the re-executed JVM (and inherited by its children): the namespace it was started from. */
    public static final String VARIABLE = "TWBENCH_HOST_NETNS";
    private static final Path OWN_NETNS = Path.of("/proc/self/ns/net");

    private FreshNamespace() {
    }

    /** True in a JVM that twbench started in a network namespace other than the one it was started from. */
    public static boolean inside() {
        String host = System.getenv(VARIABLE);
        String own = ownNamespace();
        return host != null && !host.equals(own) && !own.equals(initNamespace().orElse(null));
    }

    /**
     * The namespace of pid 1, where readable (as root in the host's pid namespace): a process
     * in it is on the host whatever the environment says, so a stray variable cannot make
     * twbench write the host's sysctls.
     */
    private static Optional<String> initNamespace() {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc/1/ns/net")).toString());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** "net:[4026531840]", this process's network namespace. */
    static String ownNamespace() {
        try {
            return Files.readSymbolicLink(OWN_NETNS).toString();
        } catch (IOException e) {
            throw new LabException("cannot read " + OWN_NETNS + ": " + e.getMessage(), e);
        }
    }

    /**
     * The command that runs {@code java -cp <this classpath> mainClass args} in a fresh network
     * namespace ({@code unshare --net} as root, inside a user namespace otherwise), ready to start.
     *
     * @param what what is being isolated, for the error message ("the JMH run")
     * @throws LabException where neither root nor an unprivileged user namespace is available
     */
    public static ProcessBuilder command(String mainClass, List<String> args, String what) {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        java.addAll(args);
        List<String> command;
        if (Privileges.isRoot()) {
            command = new ArrayList<>(List.of("unshare", "--net", "--"));
            command.addAll(java);
        } else {
            Optional<String> whyNot = UserNamespaces.whyNot();
            if (whyNot.isPresent()) {
                throw new LabException("isolating " + what + " needs root or an unprivileged user namespace: "
                        + whyNot.get());
            }
            command = UserNamespaces.wrap(java);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(VARIABLE, ownNamespace());
        builder.environment().put(HostSysctls.VARIABLE, HostSysctls.encode());
        if (!Privileges.isRoot()) {
            builder.environment().put(UserNamespaces.INSIDE_VARIABLE, "1");
        }
        return builder;
    }

    /**
     * Runs {@link #command} with this JVM's terminal and returns its exit code. Ended by a signal,
     * this JVM ends the process it started (and only that, by pid).
     */
    public static int reexec(String mainClass, List<String> args, String what) {
        Process inner;
        try {
            inner = command(mainClass, args, what).inheritIO().start();
        } catch (IOException e) {
            throw new LabException("cannot start " + what + ": " + e.getMessage());
        }
        Thread endInner = new Thread(() -> stop(inner), "twbench-end-isolated-run");
        Runtime.getRuntime().addShutdownHook(endInner);
        try {
            int exit = inner.waitFor();
            Runtime.getRuntime().removeShutdownHook(endInner);
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(inner);
            return 130;
        } catch (IllegalStateException shuttingDown) {
            return 130;
        }
    }

    /** Ends a process {@link #command} started, and whatever it started in turn. */
    public static void stop(Process inner) {
        inner.descendants().forEach(ProcessHandle::destroy);
        inner.destroy();
    }

    /**
     * Makes the fresh namespace usable: loopback up, and the host's values of the per-namespace
     * sysctls, which a new namespace does not inherit.
     *
     * @return the values written
     */
    public static Map<NamespaceSysctl, String> prepare() {
        Exec.Result lo = Exec.run(List.of("ip", "link", "set", "lo", "up"));
        if (!lo.ok()) {
            throw new LabException("cannot bring loopback up in the isolated namespace: " + lo.stderr().strip());
        }
        Map<NamespaceSysctl, String> host = HostSysctls.read();
        host.forEach((sysctl, value) -> {
            if (!value.isBlank()) { // a fresh namespace starts empty where the host is (reserved ports)
                NamespaceSysctls.write(sysctl, value);
            }
        });
        return host;
    }
}
