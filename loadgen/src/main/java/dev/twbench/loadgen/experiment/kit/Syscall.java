package dev.twbench.loadgen.experiment.kit;

import dev.twbench.loadgen.sys.Errno;
import java.io.IOException;
import java.util.Optional;

/**
 * Runs a socket call and reports how it failed by errno, the way the experiments compare
 * outcomes. The JDK maps EADDRINUSE and EADDRNOTAVAIL both to BindException: only the errno tells
 * them apart (docs/kernel-facts.md, "Binding and errors").
 */
public final class Syscall {
    @FunctionalInterface
    public interface Call {
        void run() throws IOException;
    }

    private Syscall() {
    }

    /** Empty if the call succeeded, else its errno. */
    public static Optional<Errno> errno(Call call) throws IOException {
        try {
            call.run();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(errnoOf(e));
        }
    }

    /** The errno behind a socket exception; an exception that names none is not a socket call's answer. */
    public static Errno errnoOf(IOException e) throws IOException {
        Optional<Errno> errno = Errno.byMessageIn(e.getMessage());
        if (errno.isEmpty()) {
            throw e;
        }
        return errno.get();
    }

    /** "ok" or the errno's name, for the observed text. */
    public static String describe(Optional<Errno> result) {
        return result.map(Enum::name).orElse("ok");
    }
}
