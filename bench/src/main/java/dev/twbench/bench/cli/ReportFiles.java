package dev.twbench.bench.cli;

import dev.twbench.analysis.report.ReportWriter;
import java.io.PrintWriter;

/**
 * Writes a report at the end of a command. A report that cannot be written is a warning: the
 * measurements are already on disk and the command's exit code stays what the run earned.
 */
final class ReportFiles {
    interface Writer {
        ReportWriter.Written write() throws Exception;
    }

    private ReportFiles() {
    }

    static void writeAndSay(PrintWriter out, PrintWriter err, Writer writer) {
        try {
            ReportWriter.Written w = writer.write();
            out.printf("  report: %s (and %s, %d charts)%n", w.html(), w.markdown().getFileName(), w.charts().size());
        } catch (Exception | LinkageError | InternalError | OutOfMemoryError e) { // AWT without fonts throws errors
            err.println("twbench: the report was not written (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); 'report DIR' regenerates it from the results folder");
        }
        out.flush();
    }
}
