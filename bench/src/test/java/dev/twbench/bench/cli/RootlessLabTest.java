package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twbench.analysis.results.RunResults;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.Privileges;
import dev.twbench.loadgen.sys.UserNamespaces;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The namespace lab for an ordinary user: twbench enters a user namespace by itself. The test
 * creates a system user, runs twbench as that user from a world-readable copy of the classpath,
 * and checks the run and that nothing of it remains.
 */
@ResourceLock(LoadLock.CPU)
class RootlessLabTest {
    private static final String USER = "twbenchci";

    @Test
    void ordinaryUserRunsTheNamespaceLabAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        assumeTrue(Privileges.isRoot(), "skipped: creating a test user needs root");
        assumeTrue(UserNamespaces.whyNot().isEmpty(), "skipped: this kernel does not allow unprivileged user"
                + " namespaces (" + UserNamespaces.whyNot().orElse("") + ")");
        boolean created = Exec.run(List.of("id", USER)).ok() || Exec.run(List.of("useradd", "--system",
                "--no-create-home", "--shell", "/usr/sbin/nologin", USER)).orThrow().ok();
        assertTrue(created);
        try {
            int uid = Integer.parseInt(Exec.run(List.of("id", "-u", USER)).orThrow().stdout().strip());
            int gid = Integer.parseInt(Exec.run(List.of("id", "-g", USER)).orThrow().stdout().strip());
            String classpath = readableCopyOfClasspath(work.resolve("cp"));
            Path out = Files.createDirectories(work.resolve("out"));
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));

            Process run = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                    "dev.twbench.bench.Main", "run", "--duration", "3s", "--no-drain", "--warmup", "1s",
                    "--out", out.toString())
                    .directory(out.toFile()).redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes());
            assertTrue(run.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, run.exitValue(), output);

            Path runDir;
            try (Stream<Path> dirs = Files.list(out)) {
                runDir = dirs.findFirst().orElseThrow();
            }
            RunResults results = RunResults.load(runDir);
            // How many connections a busy machine fits in 3 s varies; that each one completed does not.
            Summary summary = results.summary();
            assertEquals(RunOutcome.Kind.COMPLETED, summary.outcome().kind(), summary.endReason());
            assertEquals(3000, summary.attemptsDue(), "the default 1000 per second for 3 s");
            assertTrue(summary.completed() > 0, output);
            assertEquals(0, summary.failed(), summary.failures().toString());
            assertEquals(summary.attemptsStarted(), summary.completed(), "every attempt started completed");
            assertEquals(summary.completed(), summary.timeWait().get("client").entered());
            assertEquals("netns", results.manifest().at("/lab/kind").asText());

            // Nothing left: no process of the user, no namespace on the host.
            Exec.Result left = Exec.run(List.of("pgrep", "-u", Integer.toString(uid), "-a"));
            assertEquals("", left.stdout().strip(), "processes left: " + left.stdout());
            // Not the whole list before and after: other runs may add or remove their own labs meanwhile.
            assertEquals(List.of(), LabLeaks.leftBy(runDir), "lab namespaces left on the host");
        } finally {
            Exec.run(List.of("userdel", USER));
        }
    }

    /** The test's classpath copied where another user may read it (the build's own may sit under /root). */
    private static String readableCopyOfClasspath(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = Folders.copy(source, dir.resolve((n++) + "-" + source.getFileName()));
            entries.add(target.toString());
        }
        Exec.run(List.of("chmod", "-R", "a+rX", dir.toString())).orThrow();
        return String.join(File.pathSeparator, entries);
    }
}
