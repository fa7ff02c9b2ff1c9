package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.scenario.Scenario;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * When a run's load ends, how long it settles, and when its drain ends: one rule for the lab's
 * {@link TickLoop} and the fleet's tick loop, which differ only in where they read what they saw.
 *
 * <pre>{@code
 * LoadPhases phases = new LoadPhases(scenario, scenario.clientCommand() != null);
 * phases.start(goNs);
 * for (long k = 1; ; k++) {
 *     ... sleep to the k-th tick, record a row in phases.phase() ...
 *     Optional<RunOutcome> end = phases.afterTick(k, nowNs, new LoadPhases.Seen(...));
 *     if (end.isPresent()) return end.get();
 * }
 * }</pre>
 */
public final class LoadPhases {
    /** Grace after duration + attempt timeout before clients that never finish are given up on. */
    private static final long FINISH_GRACE_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * What the tick loop saw at a tick.
     *
     * @param clientsFinished    every client still running reported its load finished
     * @param clientsLeft        some client agent is still alive
     * @param serverStillClosing the server holds connections it accepted and has not closed yet
     * @param drained            every side is back to the TIME_WAIT level it had at the start
     */
    public record Seen(boolean clientsFinished, boolean clientsLeft, boolean serverStillClosing, boolean drained) {
    }

    private final boolean drain;
    /** The user's client command ends the load when it ends, within --duration. */
    private final boolean loadEndsWithClient;
    private final long loadTicks;
    private final long giveUpNs;
    private final long drainLimitNs = TimeUnit.MILLISECONDS.toNanos(Scenario.DRAIN_LIMIT_MS);
    private final long settleLimitNs = TimeUnit.MILLISECONDS.toNanos(Scenario.SETTLE_LIMIT_MS);
    private Phase phase = Phase.LOAD;
    private long goNs;
    /** When the clients were first seen done with the load; -1 before. */
    private long clientsDoneNs = -1;
    private long loadEndNs = -1;

    public LoadPhases(Scenario scenario, boolean loadEndsWithClient) {
        this.drain = scenario.drain();
        this.loadEndsWithClient = loadEndsWithClient;
        this.loadTicks = (scenario.durationMs() + scenario.intervalMs() - 1) / scenario.intervalMs();
        this.giveUpNs = TimeUnit.MILLISECONDS.toNanos(scenario.durationMs() + scenario.timeoutMs()) + FINISH_GRACE_NS;
    }

    /** Go: the instant the ticks count from. */
    public void start(long goNs) {
        this.goNs = goNs;
    }

    /** The phase the rows are in now. */
    public Phase phase() {
        return phase;
    }

    /**
     * After the k-th tick's row: how the run ends there, if it does. A late tick is caught up, so
     * the load has a row for each of its intervals: it ends at the clients' finish, but not before
     * the grid has covered the duration. Without a drain it then settles, at most
     * {@link Scenario#SETTLE_LIMIT_MS}, while the server still closes what it accepted, so that the
     * last row counts every completed connection's TIME_WAIT.
     */
    public Optional<RunOutcome> afterTick(long k, long nowNs, Seen seen) {
        if (phase == Phase.DRAIN) {
            return seen.drained() || nowNs - loadEndNs >= drainLimitNs ? Optional.of(new RunOutcome.Completed())
                    : Optional.empty();
        }
        boolean clientsDone = seen.clientsFinished() && (k >= loadTicks || loadEndsWithClient);
        if (clientsDone && clientsDoneNs < 0) {
            clientsDoneNs = nowNs;
        }
        if (clientsDone && !drain && seen.serverStillClosing() && nowNs - clientsDoneNs < settleLimitNs) {
            return Optional.empty(); // the last connections' FINs are on their way: their TIME_WAIT is not yet entered
        }
        if (clientsDone || !seen.clientsLeft()) {
            loadEndNs = nowNs;
            if (!drain) {
                return Optional.of(new RunOutcome.Completed());
            }
            phase = Phase.DRAIN;
        } else if (!seen.clientsFinished() && nowNs - goNs > giveUpNs) {
            return Optional.of(new RunOutcome.ClientGaveUp(TimeUnit.NANOSECONDS.toSeconds(giveUpNs)));
        }
        return Optional.empty();
    }

    /** How long the drain has lasted at {@code nowNs}; null when the run never reached it. */
    public Double drainSeconds(long nowNs) {
        return phase == Phase.DRAIN ? (nowNs - loadEndNs) / 1e9 : null;
    }
}
