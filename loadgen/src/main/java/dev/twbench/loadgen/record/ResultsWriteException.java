package dev.twbench.loadgen.record;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A results file could not be written during a run (typically: the disk filled up). The run
 * stops, its agents and lab are removed, what was written before stays; the message is the one
 * line the user sees.
 */
public final class ResultsWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private ResultsWriteException(String message, IOException cause) {
        super(message, cause);
    }

    /** "the run stopped at 12.3 s: cannot write /x/timeseries.csv: No space left on device (...)" */
    public static ResultsWriteException during(Path file, long elapsedMs, IOException cause) {
        return new ResultsWriteException(String.format(java.util.Locale.ROOT,
                "the run stopped at %.1f s: cannot write %s: %s (the rows written before are kept)",
                elapsedMs / 1000.0, file, reason(cause)), cause);
    }

    /** Before or after the load: run.json, summary.json. */
    public static ResultsWriteException of(Path file, IOException cause) {
        return new ResultsWriteException("cannot write " + file + ": " + reason(cause), cause);
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().lines().findFirst().orElse(message);
    }
}
