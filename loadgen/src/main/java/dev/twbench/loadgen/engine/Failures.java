package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.sys.Errno;
import io.netty.channel.unix.Errors;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a failure by the errno the kernel returned, never by the exception's type (the JDK
 * maps EADDRNOTAVAIL and EADDRINUSE to the same BindException). Where no errno exists the
 * failure is twbench's own: {@link FailureKinds#TIMEOUT}, {@link FailureKinds#EARLY_EOF}, or
 * {@link FailureKinds#OTHER}.
 */
public final class Failures {
    /** Netty's native connect errors carry the errno only in the text: "connect(..) failed with error(-99): ...". */
    private static final Pattern NETTY_ERRNO = Pattern.compile("failed with error\\((-?\\d+)\\)");

    private static final AtomicBoolean FIRST_OTHER_LOGGED = new AtomicBoolean();

    private Failures() {
    }

    /** The errno name for {@code cause} (walking its causes), or {@link FailureKinds#OTHER}. */
    public static String classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<String> errno = errnoOf(t);
            if (errno.isPresent()) {
                return errno.get();
            }
        }
        if (FIRST_OTHER_LOGGED.compareAndSet(false, true)) {
            // Agents log to their own file (agent-<side>.log); one example is enough to diagnose.
            System.err.println("first failure without an errno, counted as " + FailureKinds.OTHER + ":");
            cause.printStackTrace();
        }
        return FailureKinds.OTHER;
    }

    private static Optional<String> errnoOf(Throwable t) {
        if (t instanceof Errors.NativeIoException nativeIo) {
            return Optional.of(name(Math.abs(nativeIo.expectedErr())));
        }
        String message = t.getMessage();
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = NETTY_ERRNO.matcher(message);
        if (m.find()) {
            return Optional.of(name(Math.abs(Integer.parseInt(m.group(1)))));
        }
        return Errno.byMessageIn(message).map(Errno::name);
    }

    private static String name(int errno) {
        return Errno.byNumber(errno).map(Errno::name).orElse("ERRNO_" + errno);
    }
}
