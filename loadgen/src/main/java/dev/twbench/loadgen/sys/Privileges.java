package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** What this process may do to the network stack. */
public final class Privileges {
    private Privileges() {
    }

    /** True if the effective uid is 0 (from /proc/self/status, not from the user name). */
    public static boolean isRoot() {
        return uid().map(uid -> uid == 0).orElse(false);
    }

    /** The effective uid, as /proc/self/status says. */
    public static Optional<Integer> uid() {
        try {
            for (String line : ProcFiles.read(Path.of("/proc/self/status")).split("\n")) {
                if (line.startsWith("Uid:")) {
                    return Optional.of(Integer.parseInt(line.split("\\s+")[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
