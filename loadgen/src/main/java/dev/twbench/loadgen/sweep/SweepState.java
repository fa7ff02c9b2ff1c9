package dev.twbench.loadgen.sweep;

import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * sweep.json: the matrix and what became of each variant, rewritten after every run, so an
 * interrupted sweep can be resumed from it and its comparison regenerated at any time.
 *
 * @param runArgs the {@code run} arguments shared by every variant
 */
public record SweepState(String sweepId, String startedAt, List<String> runArgs, List<Axis> axes,
        List<VariantState> variants) {

    public static final String FILE = "sweep.json";

    public enum Status {
        PENDING, RUNNING, COMPLETED, FAILED, INTERRUPTED
    }

    /**
     * @param runDir  the variant's run folder, relative to the sweep folder (null before it ran)
     * @param reason  why it failed or stopped early (null when completed)
     * @param summary the run's summary.json (null if the run did not get that far)
     */
    public record VariantState(int index, String name, Map<String, String> values, List<String> runArgs,
            Status status, String reason, String runDir, Summary summary) {

        VariantState with(Status newStatus, String newReason, String newRunDir, Summary newSummary) {
            return new VariantState(index, name, values, runArgs, newStatus, newReason, newRunDir, newSummary);
        }

        public Variant variant() {
            return new Variant(index, name, values, runArgs);
        }
    }

    public static SweepState fresh(String sweepId, String startedAt, List<String> runArgs, List<Axis> axes,
            List<Variant> variants) {
        List<VariantState> states = new ArrayList<>();
        for (Variant v : variants) {
            states.add(new VariantState(v.index(), v.name(), v.values(), v.runArgs(), Status.PENDING, null, null, null));
        }
        return new SweepState(sweepId, startedAt, List.copyOf(runArgs), List.copyOf(axes), List.copyOf(states));
    }

    public SweepState with(VariantState changed) {
        List<VariantState> updated = new ArrayList<>(variants);
        updated.set(changed.index() - 1, changed);
        return new SweepState(sweepId, startedAt, runArgs, axes, updated);
    }

    public static SweepState read(Path sweepDir) throws IOException {
        return Json.read(sweepDir.resolve(FILE), SweepState.class);
    }

    public void write(Path sweepDir) throws IOException {
        Json.write(sweepDir.resolve(FILE), this);
    }
}
