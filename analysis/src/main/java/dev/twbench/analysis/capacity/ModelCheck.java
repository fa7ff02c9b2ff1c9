package dev.twbench.analysis.capacity;

import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sets the capacity model's predictions beside a run's measurements. A disagreement is kept and
 * shown, never smoothed over: either the model misses a kernel behaviour or the run did not do
 * what it was asked (for example, it fell behind its rate).
 */
public final class ModelCheck {
    /** The errnos of a client out of ports: connect() (EADDRNOTAVAIL) and bind(addr, 0) (EADDRINUSE). */
    private static final List<String> PORT_ERRNOS = List.of("EADDRNOTAVAIL", "EADDRINUSE");

    private ModelCheck() {
    }

    public static List<PredictionCheck> compare(CapacityInputs in, Summary summary) {
        List<PredictionCheck> checks = new ArrayList<>();
        CapacityPrediction atTarget = CapacityModel.predict(in);
        checks.add(exhaustion(atTarget, summary, in.loadSeconds(), in.rateCps() == null));

        for (Side side : Side.ENDS) {
            Summary.SideTimeWait tw = summary.timeWait().get(side.label());
            if (tw == null) {
                continue;
            }
            CapacityPrediction.Level level = atTarget.peakInLoad().get(side);
            long measured = tw.peak() - tw.start();
            String quantity = side.label() + " TIME_WAIT peak";
            if (level.sockets() == 0) {
                // Nothing expected: a handful of stragglers (warm-up, retransmissions) is still "none".
                long allowance = Math.max(10, summary.completed() / 100);
                checks.add(new PredictionCheck(quantity, "sockets", 0.0, (double) measured,
                        measured <= allowance ? PredictionCheck.Verdict.AGREES : PredictionCheck.Verdict.DISAGREES,
                        "no active close on this side; up to 1 % of connections counts as none"));
            } else {
                checks.add(PredictionCheck.compare(quantity, "sockets", level.sockets(), measured,
                        "limited by " + level.limit()));
            }
        }
        return List.copyOf(checks);
    }

    private static PredictionCheck exhaustion(CapacityPrediction p, Summary s, double loadSeconds, boolean closedLoop) {
        String quantity = "client ports run out (first failure)";
        if (closedLoop) {
            return new PredictionCheck(quantity, "s", null, s.firstFailureSecond(), PredictionCheck.Verdict.NOT_REACHED,
                    "a closed loop (--rate max) has no rate to predict from; see the TIME_WAIT peak");
        }
        Double predicted = p.exhaustionSeconds();
        // Only running out of ports is the model's business: a timeout or a refused connect is not.
        boolean portsRanOut = PORT_ERRNOS.stream().anyMatch(e -> s.failures().getOrDefault(e, 0L) > 0);
        Double measured = portsRanOut ? s.firstFailureSecond() : null;
        String errno = "failures " + s.failures();
        if (predicted == null && measured == null) {
            return new PredictionCheck(quantity, "s", null, null, PredictionCheck.Verdict.AGREES,
                    "no failure expected, none seen");
        }
        if (predicted == null) {
            return new PredictionCheck(quantity, "s", null, measured, PredictionCheck.Verdict.DISAGREES,
                    "the model expects the ports to last; " + errno);
        }
        if (measured == null) {
            boolean reached = predicted <= loadSeconds;
            return new PredictionCheck(quantity, "s", predicted, null,
                    reached ? PredictionCheck.Verdict.DISAGREES : PredictionCheck.Verdict.NOT_REACHED,
                    reached ? "predicted within the load, but no connect failed for want of a port"
                            : String.format(Locale.ROOT, "the load (%.0f s) ended first", loadSeconds));
        }
        PredictionCheck check = PredictionCheck.compare(quantity, "s", predicted, measured, errno);
        // Whatever rate is measured up to the first failure is the pool over that time by
        // construction, so it cannot test the model; only the schedule can, and a client that
        // fell behind it ran the ports down more slowly than asked. Say so beside the verdict.
        if (check.disagrees() && s.late() > s.attemptsDue() / 100) {
            return new PredictionCheck(quantity, "s", predicted, measured, check.verdict(), String.format(Locale.ROOT,
                    "%s; the client fell behind its schedule (%,d attempts started late, %.0f/s"
                            + " achieved), so the ports ran down more slowly than the target rate", errno, s.late(),
                    s.achievedRateCps()));
        }
        return check;
    }

}
