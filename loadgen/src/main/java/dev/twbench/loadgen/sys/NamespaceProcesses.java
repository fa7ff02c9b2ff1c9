package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes inside one network namespace, found by the namespace itself (the {@code net:[inode]}
 * that {@code /proc/<pid>/ns/net} links to), never by name. A lab namespace holds only what its run
 * started there: the agents and the user's commands, and whatever those started in turn, daemons
 * that left their process group included. This is how a run finds them all to end them.
 *
 * <pre>{@code
 * String ns = NamespaceProcesses.ofPath(Path.of("/run/netns", name));   // or ofThisProcess()
 * int ended = NamespaceProcesses.killAll(ns, ProcessHandle.current().pid());
 * }</pre>
 */
public final class NamespaceProcesses {
    private static final Path PROC = Path.of("/proc");

    private NamespaceProcesses() {
    }

    /** This process's network namespace, as {@code net:[inode]}. */
    public static String ofThisProcess() throws IOException {
        return Files.readSymbolicLink(PROC.resolve("self/ns/net")).toString();
    }

    /** The network namespace a file names ({@code /run/netns/<name>}, a mount of the namespace), as {@code net:[inode]}. */
    public static String ofPath(Path namespaceFile) throws IOException {
        return "net:[" + Files.getAttribute(namespaceFile, "unix:ino") + "]";
    }

    /** Every process whose network namespace is {@code namespace}, other than {@code exceptPid}. */
    public static List<Long> in(String namespace, long exceptPid) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, NamespaceProcesses::isPidDir)) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != exceptPid && namespace.equals(namespaceOf(dir))) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    /**
     * SIGKILL, by pid, to every process in {@code namespace} but {@code exceptPid}, until none is left
     * (a process may fork while the list is read): at most a few passes.
     *
     * @return how many processes were signalled
     */
    public static int killAll(String namespace, long exceptPid) throws IOException {
        int signalled = 0;
        for (int pass = 0; pass < 5; pass++) {
            List<Long> pids = in(namespace, exceptPid);
            if (pids.isEmpty()) {
                break;
            }
            for (long pid : pids) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    signalled++;
                }
            }
        }
        return signalled;
    }

    private static boolean isPidDir(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** The namespace of the process at {@code /proc/<pid>}; null once it has gone, or if it may not be read. */
    private static String namespaceOf(Path pidDir) {
        try {
            return Files.readSymbolicLink(pidDir.resolve("ns/net")).toString();
        } catch (IOException e) {
            return null;
        }
    }
}
