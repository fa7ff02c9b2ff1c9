package dev.twbench.loadgen.sys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's RLIMIT_NOFILE, as the kernel reports it in /proc/self/limits ("Max open
 * files"), in file descriptors. {@link #UNLIMITED} stands for "unlimited".
 *
 * <p>HotSpot's MaxFDLimit (on by default on Linux) raises the soft limit to the hard one when
 * the JVM starts: under {@code ulimit -Sn 256} with hard 20000, /proc/self/limits read from Java
 * shows 20000 / 20000, and 256 / 20000 with {@code -XX:-MaxFDLimit} (checked on this machine,
 * JDK 17.0.15). The agents are JVMs started by this one and inherit the raised limit.
 */
public record FileLimits(long soft, long hard) {
    public static final long UNLIMITED = Long.MAX_VALUE;
    private static final String LINE = "Max open files";

    public FileLimits {
        if (soft < 0 || hard < 0) {
            throw new IllegalArgumentException("limits cannot be negative: " + soft + " / " + hard);
        }
    }

    public static FileLimits ofThisProcess() throws IOException {
        return parse(ProcFiles.read(Path.of("/proc/self/limits")));
    }

    /** Parses the text of a /proc/PID/limits file. */
    public static FileLimits parse(String limitsFile) {
        for (String line : limitsFile.split("\n")) {
            if (line.startsWith(LINE)) {
                String[] fields = line.substring(LINE.length()).trim().split("\\s+");
                if (fields.length >= 2) {
                    return new FileLimits(value(fields[0]), value(fields[1]));
                }
            }
        }
        throw new IllegalArgumentException("no '" + LINE + "' line with a soft and a hard limit");
    }

    /**
     * The most descriptors this process's children can open: the hard limit when the soft one
     * has been raised to it (as the JVM does), else the soft limit, since something (such as
     * {@code -XX:-MaxFDLimit}) kept it from being raised.
     */
    public long usable() {
        return raised() ? hard : soft;
    }

    /** Which of the two {@link #usable()} is: "hard" or "soft". */
    public String usableName() {
        return raised() ? "hard" : "soft";
    }

    private boolean raised() {
        return soft >= hard;
    }

    /** fs.nr_open: the ceiling of any hard limit, which only a sysctl raises; empty if unreadable. */
    public static OptionalLong nrOpen() {
        try {
            return OptionalLong.of(Long.parseLong(ProcFiles.read(Path.of("/proc/sys/fs/nr_open")).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long value(String field) {
        return field.equals("unlimited") ? UNLIMITED : Long.parseLong(field);
    }
}
