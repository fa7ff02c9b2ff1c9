package dev.twbench.loadgen.experiment.kit;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.result.Series;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection churn for the experiments that are about load: a whole twbench run (two namespaces,
 * two agents, the same engine as {@code run}), short, without drain, its run folder kept in the
 * experiment's work folder so that every figure can be traced to it.
 *
 * <pre>{@code
 * ChurnRuns.Run r = ChurnRuns.run(trial, ChurnRuns.scenario("client-first", CloseOrder.CLIENT_FIRST, 500, 2000));
 * r.summary().timeWait().get("client").entered();
 * }</pre>
 */
public final class ChurnRuns {
    /** Enough to get the JIT and the agents going; the warm-up closes with RST, so it leaves no TIME_WAIT. */
    private static final long WARMUP_MS = 500;

    /** A finished run: its summary, and the client's completed connections per tick. */
    public record Run(String label, RunResult result, TimeSeries.Column clientCompleted) {
        public Summary summary() {
            return result.summary();
        }

        public Summary.SideTimeWait timeWait(Side side) {
            return summary().timeWait().get(side.label());
        }

        /** TcpExt TW on one side: sockets that entered TIME_WAIT (exact, each side has its own namespace). */
        public long entered(Side side) {
            Long entered = timeWait(side).entered();
            return entered == null ? 0 : entered;
        }

        /** Completed connections per second between {@code fromMs} and the end of the load. */
        public double completedPerSecondAfter(long fromMs) {
            long completed = 0;
            long lastMs = fromMs;
            for (int i = 0; i < clientCompleted.size(); i++) {
                long at = clientCompleted.rows().elapsedMs(i);
                if (at > fromMs) {
                    completed += clientCompleted.get(i);
                    lastMs = Math.max(lastMs, at);
                }
            }
            return lastMs > fromMs ? completed * 1000.0 / (lastMs - fromMs) : 0;
        }

        /** The client's completed connections per second, tick by tick, for a chart. */
        public Series completedPerSecond(String name) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            long previousMs = 0;
            for (int i = 0; i < clientCompleted.size(); i++) {
                long at = clientCompleted.rows().elapsedMs(i);
                if (at > previousMs) {
                    x.add(at / 1000.0);
                    y.add(clientCompleted.get(i) * 1000.0 / (at - previousMs));
                    previousMs = at;
                }
            }
            return new Series(name, x, y);
        }
    }

    private ChurnRuns() {
    }

    /** The experiments' usual run: {@code rateCps} for {@code durationMs}, ticks of 250 ms. */
    public static Scenario.Builder scenario(String label, CloseOrder order, long rateCps, long durationMs) {
        return Scenario.builder().name(label).closeOrder(order).rate(Rate.perSecond(rateCps)).durationMs(durationMs)
                .intervalMs(250).warmupMs(WARMUP_MS).drain(false);
    }

    public static Run run(Trial trial, Scenario.Builder scenario) throws IOException {
        Scenario s = scenario.outDir(trial.workDir()).build();
        trial.say(String.format("churn run %s: %s, %s connections/s for %.1f s", s.name(), s.closeOrder().label(),
                s.rate(), s.durationMs() / 1000.0));
        RunResult result = RunController.execute(s, RunListener.SILENT);
        if (result.summary().outcome().kind() == RunOutcome.Kind.INTERRUPTED) {
            throw new IOException("churn run " + s.name() + " ended early: " + result.summary().endReason());
        }
        TimeSeries series = TimeSeries.read(result.folder().timeSeriesCsv());
        return new Run(s.name(), result, series.column(Side.CLIENT, Counters.COMPLETED));
    }
}
