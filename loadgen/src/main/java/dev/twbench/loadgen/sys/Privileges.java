package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.nio.file.Path;

/** What this process may do to the network stack. */
public final class Privileges {
    private Privileges() {
    }

    /** True if the effective uid is 0 (from /proc/self/status, not from the user name). */
    public static boolean isRoot() {
        try {
            for (String line : ProcFiles.read(Path.of("/proc/self/status")).split("\n")) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
        return false;
    }
}
