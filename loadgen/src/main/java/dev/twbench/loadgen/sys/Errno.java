package dev.twbench.loadgen.sys;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Linux errno values a connection churn can meet, with the kernel's number and glibc's
 * strerror text. Failures are labelled by these names wherever they appear.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    EPIPE(32, "Broken pipe"),
    EPROTO(71, "Protocol error"),
    ENOPROTOOPT(92, "Protocol not available"),
    EOPNOTSUPP(95, "Operation not supported"),
    EADDRINUSE(98, "Address already in use"),
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    ENETDOWN(100, "Network is down"),
    ENETUNREACH(101, "Network is unreachable"),
    ECONNABORTED(103, "Software caused connection abort"),
    // The JDK's NIO says "Connection reset" for this one errno, not strerror's text.
    ECONNRESET(104, "Connection reset by peer", "Connection reset"),
    ENOBUFS(105, "No buffer space available"),
    EISCONN(106, "Transport endpoint is already connected"),
    ENOTCONN(107, "Transport endpoint is not connected"),
    ETIMEDOUT(110, "Connection timed out"),
    ECONNREFUSED(111, "Connection refused"),
    EHOSTUNREACH(113, "No route to host"),
    EALREADY(114, "Operation already in progress"),
    EINPROGRESS(115, "Operation now in progress");

    private final int number;
    private final String message;
    private final String jdkMessage;

    Errno(int number, String message) {
        this(number, message, null);
    }

    /** @param jdkMessage the exact text the JDK uses instead of strerror's for this errno, if any */
    Errno(int number, String message, String jdkMessage) {
        this.number = number;
        this.message = message;
        this.jdkMessage = jdkMessage;
    }

    public int number() {
        return number;
    }

    /** glibc's strerror() text, which is also what the JDK puts in its socket exceptions. */
    public String message() {
        return message;
    }

    /** Names by number, up to the highest listed; the hot path names an errno without allocating. */
    private static final String[] NAMES = names();

    private static String[] names() {
        String[] names = new String[Arrays.stream(values()).mapToInt(Errno::number).max().orElse(0) + 1];
        for (Errno e : values()) {
            names[e.number] = e.name();
        }
        return names;
    }

    /** The errno's name ({@code "ECONNRESET"}), or {@code ERRNO_<n>} for one this list does not know. */
    public static String nameOf(int number) {
        if (number >= 0 && number < NAMES.length && NAMES[number] != null) {
            return NAMES[number];
        }
        return "ERRNO_" + number;
    }

    public static Optional<Errno> byNumber(int number) {
        return Arrays.stream(values()).filter(e -> e.number == number).findFirst();
    }

    /** The errno whose strerror text appears in {@code text}, or whose JDK wording {@code text} is. */
    public static Optional<Errno> byMessageIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(e -> text.contains(e.message) || text.equals(e.jdkMessage)).findFirst();
    }
}
