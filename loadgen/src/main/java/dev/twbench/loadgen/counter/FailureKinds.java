package dev.twbench.loadgen.counter;

import dev.twbench.loadgen.sys.Errno;
import java.util.List;
import java.util.Map;

/**
 * The names failures are counted under: the errno the kernel returned ({@code EADDRNOTAVAIL}), or
 * one of twbench's own where there is none. The commonest kinds have a counter each
 * ({@code failedEADDRNOTAVAILCount}); any other kind is added into {@link #OTHER}'s, and keeps its
 * own name in summary.json's {@code failures}.
 */
public final class FailureKinds {
    /** The attempt did not finish within the scenario's timeout (twbench's own clock, not ETIMEDOUT). */
    public static final String TIMEOUT = "TIMEOUT";
    /** The peer closed before the whole request or response had arrived. */
    public static final String EARLY_EOF = "EARLY_EOF";
    /** No errno could be found; the agent log has the exception. */
    public static final String OTHER = "OTHER";

    /** The kinds with a counter of their own, in column order. */
    public static final List<String> COLUMNS = List.of(
            Errno.EADDRNOTAVAIL.name(), Errno.EADDRINUSE.name(), Errno.ECONNREFUSED.name(),
            Errno.ECONNRESET.name(), Errno.ETIMEDOUT.name(), Errno.EMFILE.name(), Errno.ENFILE.name(),
            Errno.ENOBUFS.name(), Errno.EPIPE.name(), TIMEOUT, EARLY_EOF, OTHER);

    private FailureKinds() {
    }

    /** The kind whose counter counts failures named {@code kind}: itself, or {@link #OTHER}. */
    public static String columnKind(String kind) {
        return COLUMNS.contains(kind) ? kind : OTHER;
    }

    /** Failures by kind, added up by the counter that counts each: every kind without a column into OTHER's. */
    static void addTo(CounterValues.Builder values, Map<String, Long> failuresByKind) {
        for (String kind : COLUMNS) {
            values.set(Counters.failed(kind), 0);
        }
        failuresByKind.forEach((kind, n) -> values.add(Counters.failed(columnKind(kind)), n));
    }
}
