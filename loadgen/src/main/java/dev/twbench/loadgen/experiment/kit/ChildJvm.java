package dev.twbench.loadgen.experiment.kit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small JVM the experiment starts beside itself, in its own namespace: an application to kill
 * ({@link DyingApplication}) or a socket opened by another user ({@link BindProbe}). It speaks
 * one line at a time on stdout; the experiment ends it by its pid, and closing always does.
 *
 * <pre>{@code
 * try (ChildJvm app = ChildJvm.start(DyingApplication.class, "7000", "3")) {
 *     app.awaitLine("listening", 10_000);
 *     ...
 *     app.kill();                       // SIGKILL: the kernel closes its sockets
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    /** A folder made for this child alone, removed when it ends; null if none. */
    private final Path ownClasses;

    private ChildJvm(Process process, Path ownClasses) {
        this.process = process;
        this.ownClasses = ownClasses;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs {@code main} on this JVM's classpath. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        return launch(new ArrayList<>(), System.getProperty("java.class.path"), null, main, args);
    }

    /**
     * Runs {@code main} as user {@code uid} (with {@code setpriv}). The class is copied alone to a
     * folder every user can read, since this JVM's classpath (a home folder's Maven repository)
     * may not be: {@code main} must need nothing but the JDK.
     */
    public static ChildJvm startAsUser(int uid, Class<?> main, String... args) throws IOException {
        Path classes = Files.createTempDirectory("twbench-child-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String resource = main.getName().replace('.', '/') + ".class";
        Path file = classes.resolve(resource);
        Files.createDirectories(file.getParent());
        try (InputStream in = main.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot find " + resource + " on the classpath");
            }
            Files.copy(in, file);
        }
        for (Path p = file; p.startsWith(classes); p = p.getParent()) {
            p.toFile().setReadable(true, false);
            p.toFile().setExecutable(true, false);
        }
        try {
            return launch(new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups")),
                    classes.toString(), classes, main, args);
        } catch (IOException e) {
            delete(classes);
            throw e;
        }
    }

    private static ChildJvm launch(List<String> command, String classPath, Path ownClasses, Class<?> main,
            String... args) throws IOException {
        // C1 only: these children live for a second and do a few syscalls.
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ChildJvm(process, ownClasses);
    }

    private static void delete(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a few hundred bytes in the temporary folder; nothing depends on them
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The next line the child prints; fails if it ends first or says nothing for {@code timeoutMs}. */
    public String nextLine(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!out.ready()) {
            if (!process.isAlive() && !out.ready()) {
                throw new IOException("child " + process.pid() + " exited with " + process.exitValue()
                        + " before saying anything");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("child " + process.pid() + " said nothing for " + timeoutMs + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for child " + process.pid());
            }
        }
        return out.readLine();
    }

    /** Reads lines until one starts with {@code prefix}, and returns it. */
    public String awaitLine(String prefix, long timeoutMs) throws IOException {
        while (true) {
            String line = nextLine(timeoutMs);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** SIGKILL, as a crash would end it: no finally blocks, no shutdown hooks, the kernel closes its sockets. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        if (ownClasses != null) {
            delete(ownClasses);
        }
    }
}
