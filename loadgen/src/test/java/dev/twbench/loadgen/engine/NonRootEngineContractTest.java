package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.scenario.Transport;
import dev.twbench.loadgen.sys.Privileges;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The engine contract as an ordinary user. Where the build runs as root (CI does), this re-runs
 * the contract's classes, one per transport, in a child JVM as user nobody (uid 65534, no
 * capabilities) through the JUnit Platform Launcher ({@link ContractLauncher}), and requires every
 * test found in them to pass there. Not root: skipped, since the contract classes of the same
 * run are then an ordinary user's run already.
 *
 * <p>nobody cannot read /root (mode 700), where ~/.m2 and possibly the clone live, so the child
 * runs from a copy of this JVM's classpath in a directory every user may read, with a home and
 * temporary directory of its own (Netty unpacks its native libraries there).
 */
@ResourceLock(LoadLock.CPU) // a JVM that runs every transport's contract
class NonRootEngineContractTest {
    private static final int NOBODY = 65534;
    /** The contract bound to each transport. */
    private static final List<Class<? extends EngineContract>> CONTRACTS = List.of(DirectEngineContractTest.class,
            EpollEngineContractTest.class,
            IoUringEngineContractTest.class, NioEngineContractTest.class);
    /** A bound on the child's run; it takes seconds. */
    private static final Duration CHILD_LIMIT = Duration.ofMinutes(10);
    /** The only reason a contract test may be skipped: the kernel's own setting (see IoUringEngineContractTest). */
    private static final String KERNEL_REFUSAL = "kernel.io_uring_disabled=";

    /** One line the child printed about a test. */
    private record ChildResult(String status, String className, String method, String name, String reason) {
    }

    @Test
    void theContractIsBoundToEveryTransport() throws Exception {
        Set<Transport> bound = EnumSet.noneOf(Transport.class);
        for (Class<? extends EngineContract> contract : CONTRACTS) {
            bound.add(contract.getDeclaredConstructor().newInstance().transport());
        }
        assertEquals(EnumSet.allOf(Transport.class), bound);
    }

    @Test
    void theEngineContractPassesOnEveryTransportAsUserNobody(@TempDir Path dir) throws Exception {
        List<String> classes = CONTRACTS.stream().map(Class::getName).toList();
        assumeTrue(Privileges.isRoot(), "skipped: this JVM runs as uid " + Privileges.uid().orElse(-1)
                + ", not root, so this run's own " + CONTRACTS.stream().map(Class::getSimpleName).toList()
                + " already are an ordinary user's run of the engine contract");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        requireReachableByAll(java);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        requireReachableByAll(dir);
        String classpath = copyReadableByAll(System.getProperty("java.class.path"), dir.resolve("classpath"));
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setAttribute(home, "unix:uid", NOBODY);
        Files.setAttribute(home, "unix:gid", NOBODY);
        Path log = dir.resolve("child.log");

        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--", java.toString(), "-Xmx512m", AgentCommand.IO_URING_SINGLE_SHOT_POLL,
                "-Djava.io.tmpdir=" + home, "-cp", classpath, ContractLauncher.class.getName()));
        command.addAll(classes);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new AssertionError("setpriv (util-linux) runs the child as nobody and could not start: "
                    + e.getMessage(), e);
        }
        if (!child.waitFor(CHILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            fail("the child JVM did not finish within " + CHILD_LIMIT + tail(log));
        }
        assertEquals(0, child.exitValue(), "the child JVM's exit code" + tail(log));

        Map<String, String> facts = new TreeMap<>();
        List<ChildResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(ContractLauncher.PREFIX)) {
                String[] f = line.substring(ContractLauncher.PREFIX.length()).split("\t", -1);
                if (f[0].equals("test")) {
                    results.add(new ChildResult(f[1], f[2], f[3], f[4], f[5]));
                } else {
                    facts.put(f[0], f[1]);
                }
            }
        }
        assertEquals(String.valueOf(NOBODY), facts.get("uid"), "the child's uid (/proc/self/status)" + tail(log));
        assertNotEquals("0", facts.get("uid"));
        assertEquals("0000000000000000", facts.get("capEff"), "the child's effective capabilities");

        List<ChildResult> broken = results.stream().filter(r -> !r.status().equals("SUCCESSFUL")
                && !(r.status().equals("ABORTED") && r.reason().contains(KERNEL_REFUSAL))).toList();
        assertTrue(broken.isEmpty(), "as nobody, not passed: " + broken + tail(log));

        Map<String, Set<String>> found = discover(classes);
        List<String> summary = new ArrayList<>();
        for (String contract : classes) {
            Set<String> passed = methods(results, contract, "SUCCESSFUL");
            Set<String> refused = methods(results, contract, "ABORTED");
            assertTrue(found.containsKey(contract) && !found.get(contract).isEmpty(), "no tests found in " + contract);
            Set<String> missing = new TreeSet<>(found.get(contract));
            missing.removeAll(passed);
            missing.removeAll(refused);
            assertTrue(missing.isEmpty(), contract + ": found but not run as nobody: " + missing + tail(log));
            long runs = results.stream().filter(r -> r.className().equals(contract)).count();
            summary.add(contract.substring(contract.lastIndexOf('.') + 1) + " " + passed.size() + "/"
                    + found.get(contract).size() + " tests (" + runs + " runs) passed"
                    + (refused.isEmpty() ? "" : ", skipped by the kernel's setting: " + refused));
        }
        System.out.println("engine contract as uid " + facts.get("uid") + " (CapEff " + facts.get("capEff") + "): "
                + String.join("; ", summary));
    }

    /** Test methods (parameterised ones once) by class, as the JUnit Platform discovers them here. */
    private static Map<String, Set<String>> discover(List<String> classes) {
        TestPlan plan = LauncherFactory.create().discover(ContractLauncher.request(classes));
        Map<String, Set<String>> found = new TreeMap<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast).ifPresent(
                        m -> found.computeIfAbsent(m.getClassName(), c -> new TreeSet<>()).add(m.getMethodName()));
            }
        }
        return found;
    }

    private static Set<String> methods(List<ChildResult> results, String className, String status) {
        return results.stream().filter(r -> r.className().equals(className) && r.status().equals(status))
                .map(ChildResult::method).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every directory on the way to {@code path} must let others through, or nobody cannot reach it. */
    private static void requireReachableByAll(Path path) throws IOException {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
            if (!mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                fail("user nobody cannot reach " + path + ": " + p + " is " + PosixFilePermissions.toString(mode)
                        + "; put the JDK and java.io.tmpdir where every user may enter");
            }
        }
    }

    /** Copies each classpath entry (a jar or a class directory) under {@code into}, readable by all. */
    private static String copyReadableByAll(String classpath, Path into) throws IOException {
        Files.createDirectories(into);
        List<String> copies = new ArrayList<>();
        String[] entries = classpath.split(File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            Path entry = Path.of(entries[i]);
            if (!Files.exists(entry)) {
                continue;
            }
            Path copy = into.resolve(String.format("%03d-%s", i, entry.getFileName()));
            try (Stream<Path> tree = Files.walk(entry)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Path target = copy.resolve(entry.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            copies.add(copy.toString());
        }
        try (Stream<Path> tree = Files.walk(into)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, copies);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- the child's last lines (" + log + ") ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return " (no log: " + e.getMessage() + ")";
        }
    }
}
