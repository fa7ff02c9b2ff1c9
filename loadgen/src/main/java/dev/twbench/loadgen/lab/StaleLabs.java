package dev.twbench.loadgen.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and removes labs whose orchestrator is gone (killed with SIGKILL, or the machine's
 * power cut): the namespace name carries the owner's pid, and an owner counts as alive only if
 * a process with that pid exists and started before the namespace was created (else the pid
 * was reused).
 */
public final class StaleLabs {
    /** {@code twb-<ownerPid>-<seq>-<c|s|r>}. */
    static final Pattern LAB_NAMESPACE = Pattern.compile("twb-(\\d+)-(\\d+)-[csr]");
    /** /proc start times have a granularity of one clock tick; allow for it. */
    private static final Duration START_TIME_SLACK = Duration.ofSeconds(1);
    /** Held while a sweep runs, by every twbench process on this machine. */
    static final Path SWEEP_LOCK = Files.isDirectory(Path.of("/run/lock"))
            ? Path.of("/run/lock/twbench-stale-labs.lock")
            : Path.of(System.getProperty("java.io.tmpdir"), "twbench-stale-labs.lock");

    private StaleLabs() {
    }

    /**
     * Removes every abandoned lab namespace, after ending the twbench agents still inside it (an
     * agent exits by itself when its orchestrator dies; one that hangs is ended here), known by
     * the mark the lab put on them ({@link LabMarker}). Other processes in the namespace, such as
     * someone's debugging shell, are left alone.
     *
     * @return one line per namespace removed, for the console
     */
    public static synchronized List<String> removeAbandoned() {
        // Two runs starting at once would both find the same stale lab: the one that lists it
        // after the other ended its agents reports a lab without them. One sweep at a time: the
        // file lock between processes, this method's monitor between threads of one JVM (a JVM
        // that locks a file it already holds gets OverlappingFileLockException, not a wait).
        try (FileChannel lock = FileChannel.open(SWEEP_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            return sweep();
        } catch (IOException e) {
            return sweep(); // no lock file to be had (a read-only /run): sweep unserialised, as before
        }
    }

    private static List<String> sweep() {
        List<String> notices = new ArrayList<>();
        for (String name : Netns.list()) {
            Matcher m = LAB_NAMESPACE.matcher(name);
            if (!m.matches()) {
                continue;
            }
            long ownerPid = Long.parseLong(m.group(1));
            if (ownerAlive(ownerPid, Netns.createdAt(name))) {
                continue;
            }
            int ended = 0;
            for (long pid : Netns.pids(name)) {
                Optional<ProcessHandle> agent = ProcessHandle.of(pid).filter(p -> LabMarker.carriedBy(p.pid(), name));
                if (agent.isPresent() && agent.get().destroyForcibly()) {
                    ended++;
                }
            }
            if (Netns.delete(name)) {
                notices.add("removed stale lab namespace " + name + " left by a run that ended abnormally (pid "
                        + ownerPid + " is gone)" + (ended > 0 ? "; ended " + ended + " leftover agent(s) in it" : ""));
            }
        }
        return notices;
    }

    /** The lab namespaces that currently exist for labs created by process {@code ownerPid}. */
    public static List<String> namespacesOwnedBy(long ownerPid) {
        return Netns.list().stream().filter(name -> {
            Matcher m = LAB_NAMESPACE.matcher(name);
            return m.matches() && Long.parseLong(m.group(1)) == ownerPid;
        }).toList();
    }

    /** Every lab namespace that currently exists, whoever created it. */
    public static List<String> allLabNamespaces() {
        return Netns.list().stream().filter(name -> LAB_NAMESPACE.matcher(name).matches()).toList();
    }

    private static boolean ownerAlive(long ownerPid, Optional<Instant> namespaceCreated) {
        Optional<ProcessHandle> owner = ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive);
        if (owner.isEmpty()) {
            return false;
        }
        Optional<Instant> ownerStart = owner.get().info().startInstant();
        if (ownerStart.isEmpty() || namespaceCreated.isEmpty()) {
            return true; // cannot tell: leave it alone
        }
        return !ownerStart.get().isAfter(namespaceCreated.get().plus(START_TIME_SLACK));
    }
}
