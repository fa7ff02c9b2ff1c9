package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which process holds a socket: the one with a descriptor linked to "socket:[inode]" in
 * /proc/PID/fd, as {@code ss -p} finds it. A process this user may not look into is skipped and
 * counted, never an error: doctor stays read-only and works for any user.
 */
public final class SocketOwners {
    private static final Path PROC = Path.of("/proc");

    /** A process found holding a socket. */
    public record Process(long pid, String command) {
    }

    /**
     * @param owners      each inode asked about that was found, with its process
     * @param hiddenPids  processes whose descriptors this user may not read (a process that
     *                    exited while it was looked at is not counted)
     */
    public record Found(Map<Long, Process> owners, int hiddenPids) {
    }

    private SocketOwners() {
    }

    /** Looks through every process's descriptors for the given socket inodes. */
    public static Found of(Set<Long> inodes) {
        Map<Long, Process> owners = new HashMap<>();
        int hidden = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    Process owner = null;
                    for (Path fd : fds) {
                        long inode = socketInode(fd);
                        if (inode >= 0 && inodes.contains(inode)) {
                            if (owner == null) {
                                owner = new Process(pid, command(process));
                            }
                            owners.put(inode, owner);
                        }
                    }
                } catch (AccessDeniedException | SecurityException e) {
                    hidden++; // another user's process
                } catch (IOException | DirectoryIteratorException e) {
                    // The process exited while it was looked at (ENOENT mid-listing): nothing to find there.
                }
            }
        } catch (IOException e) {
            return new Found(owners, hidden);
        }
        return new Found(owners, hidden);
    }

    /** The inode of "socket:[12345]", or -1 for a descriptor that is not a socket (or has gone). */
    private static long socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") ? Long.parseLong(target, 8, target.length() - 1, 10) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String command(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
