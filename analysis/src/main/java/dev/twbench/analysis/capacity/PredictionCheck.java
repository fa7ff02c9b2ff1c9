package dev.twbench.analysis.capacity;

/**
 * One prediction set beside what was measured.
 *
 * @param quantity  what is compared, in words ("client TIME_WAIT peak")
 * @param unit      "sockets", "s", "per second"
 * @param predicted the model's value; null where the model expects nothing to happen
 * @param measured  the run's value; null where nothing happened
 * @param verdict   whether they agree within {@link #TOLERANCE}
 * @param note      why the verdict is what it is, in a sentence; empty if plain
 */
public record PredictionCheck(String quantity, String unit, Double predicted, Double measured, Verdict verdict,
        String note) {
    /** Predictions within 10 % of the measurement agree. */
    public static final double TOLERANCE = 0.10;

    public enum Verdict {
        AGREES, DISAGREES, NOT_REACHED
    }

    /** (measured - predicted) / predicted in percent; null where either is missing or the prediction is 0. */
    public Double diffPercent() {
        return predicted == null || measured == null || predicted == 0 ? null
                : 100.0 * (measured - predicted) / predicted;
    }

    public boolean disagrees() {
        return verdict == Verdict.DISAGREES;
    }

    /** Compares two numbers: within the tolerance they agree. */
    static PredictionCheck compare(String quantity, String unit, double predicted, double measured, String note) {
        boolean agrees = predicted == 0 ? measured == 0
                : Math.abs(measured - predicted) <= TOLERANCE * Math.abs(predicted);
        return new PredictionCheck(quantity, unit, predicted, measured, agrees ? Verdict.AGREES : Verdict.DISAGREES,
                note);
    }
}
