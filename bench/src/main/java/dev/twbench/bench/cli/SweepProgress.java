package dev.twbench.bench.cli;

import dev.twbench.analysis.comparison.ComparisonTable;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.run.Progress;
import dev.twbench.loadgen.sweep.SweepRunner;
import dev.twbench.loadgen.sweep.SweepState;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The console view of a sweep: a progress bar (runs done / total, the current variant, elapsed
 * and ETA) redrawn every second on a terminal, or printed every 10 s into a log; a line per
 * finished variant; the comparison files rewritten after each run.
 */
final class SweepProgress implements SweepRunner.Listener {
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final Path sweepDir;
    private final Map<Integer, Long> expectedMs;
    private final boolean terminal;
    private final long startNs = System.nanoTime();
    private SweepState state;
    private SweepState.VariantState current;
    private long lastDrawMs = -1;

    /** @param expectedMs each variant's expected length, by index, for the ETA */
    SweepProgress(PrintWriter out, Path sweepDir, Map<Integer, Long> expectedMs, boolean terminal) {
        this.out = out;
        this.sweepDir = sweepDir;
        this.expectedMs = expectedMs;
        this.terminal = terminal;
    }

    @Override
    public void variantStarting(SweepState.VariantState variant, SweepState sweep) {
        state = sweep;
        current = variant;
        lastDrawMs = -1;
        out.printf("[%d/%d] %s%n", variant.index(), sweep.variants().size(), variant.variant().describe());
        out.flush();
    }

    @Override
    public void staleLabRemoved(String description) {
        out.println("  " + description);
    }

    @Override
    public void progress(Progress p) {
        long every = terminal ? 1_000 : 10_000;
        if (lastDrawMs >= 0 && p.elapsedMs() - lastDrawMs < every) {
            return;
        }
        lastDrawMs = p.elapsedMs();
        long done = state.variants().stream().filter(v -> v.status() != SweepState.Status.PENDING
                && v.status() != SweepState.Status.RUNNING).count();
        int total = state.variants().size();
        long filled = Math.round((double) done / total * BAR_WIDTH);
        String bar = "#".repeat((int) filled) + "-".repeat(BAR_WIDTH - (int) filled);
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        String line = String.format("  [%s] %d/%d done  run %5.1fs %-5s  TIME_WAIT c %d s %d  elapsed %s  ETA %s",
                bar, done, total, p.elapsedMs() / 1000.0, p.phase().label(), p.timeWait(Side.CLIENT), p.timeWait(Side.SERVER),
                clock(elapsedMs), clock(etaMs(p.elapsedMs())));
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** What the current run has left by its expected length, plus every variant still pending. */
    private long etaMs(long currentElapsedMs) {
        long eta = Math.max(0, expectedMs.getOrDefault(current.index(), 0L) - currentElapsedMs);
        for (SweepState.VariantState v : state.variants()) {
            if (v.status() == SweepState.Status.PENDING && v.index() != current.index()) {
                eta += expectedMs.getOrDefault(v.index(), 0L);
            }
        }
        return eta;
    }

    @Override
    public void variantEnded(SweepState.VariantState variant, SweepState sweep) {
        state = sweep;
        if (terminal) {
            out.print("\r" + " ".repeat(110) + "\r");
        }
        Summary s = variant.summary();
        String result = s == null ? "" : String.format(": %.1f/s, failed %d%s, TIME_WAIT peak client %d server %d",
                s.achievedRateCps(), s.failed(), s.firstFailureSecond() == null ? ""
                        : String.format(" (first at %.2f s)", s.firstFailureSecond()),
                s.timeWait().get("client").peak(), s.timeWait().get("server").peak());
        out.printf("  -> %s%s%s%n", variant.status().name().toLowerCase(java.util.Locale.ROOT), result,
                variant.reason() == null ? "" : " (" + variant.reason() + ")");
        out.flush();
        try {
            ComparisonTable.writeBeside(sweepDir, sweep);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void finished(SweepState sweep) {
        long completed = sweep.variants().stream().filter(v -> v.status() == SweepState.Status.COMPLETED).count();
        out.printf("%nsweep %s: %d of %d variants completed in %s%n  comparison: %s%n", sweep.sweepId(), completed,
                sweep.variants().size(), clock((System.nanoTime() - startNs) / 1_000_000),
                sweepDir.resolve("comparison.md"));
        out.flush();
    }

    private static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
