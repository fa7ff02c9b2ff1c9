package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.ChurnRuns;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;

/**
 * 6. A server that waits for the client to close first holds no TIME_WAIT; the timeout it needs
 * for clients that never close makes it the active closer for those. Two churn runs: client-first
 * (the server closes on EOF) and server-idle (the client stays silent, the server times out).
 */
final class RemoteClosesFirst implements Experiment {
    static final long RATE_CPS = 500;
    static final long DURATION_MS = 2_000;
    static final long IDLE_TIMEOUT_MS = 200;

    @Override
    public Claim claim() {
        return new Claim("remote-closes-first", "Let the client close first; time out the ones that vanish",
                "TIME_WAIT can be avoided if the remote end initiates the closure: the server can close safely in"
                        + " response to EOF from the client; it will also need a timeout when it is expecting an EOF,"
                        + " in case the client has left the network ungracefully.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        ChurnRuns.Run onEof = ChurnRuns.run(trial,
                ChurnRuns.scenario("client-first", CloseOrder.CLIENT_FIRST, RATE_CPS, DURATION_MS));
        ChurnRuns.Run onTimeout = ChurnRuns.run(trial,
                ChurnRuns.scenario("server-idle", CloseOrder.SERVER_IDLE, RATE_CPS, DURATION_MS)
                        .idleTimeoutMs(IDLE_TIMEOUT_MS));
        long eofCompleted = onEof.summary().completed();
        long timeoutCompleted = onTimeout.summary().completed();
        double cycleP50Ms = onTimeout.summary().latencyUs().get("cycle").p50Us() / 1000.0;
        String observed = String.format("Closing on EOF: %,d connections, the server's sockets entered TIME_WAIT"
                        + " %,d times, the client's %,d. Closing on a %d ms idle timeout: %,d connections (median"
                        + " cycle %.0f ms), the server's sockets entered TIME_WAIT %,d times, the client's %,d.",
                eofCompleted, onEof.entered(Side.SERVER), onEof.entered(Side.CLIENT), IDLE_TIMEOUT_MS,
                timeoutCompleted, cycleP50Ms, onTimeout.entered(Side.SERVER), onTimeout.entered(Side.CLIENT));
        boolean asClaimed = eofCompleted > 0 && onEof.entered(Side.SERVER) == 0
                && onEof.entered(Side.CLIENT) == eofCompleted && timeoutCompleted > 0
                && onTimeout.entered(Side.SERVER) == timeoutCompleted && cycleP50Ms >= IDLE_TIMEOUT_MS;
        return Outcome.method(String.format("Two churn runs in the namespace lab at %d connections per second for"
                        + " %.0f s. In the first the server answers and closes when it reads the client's EOF. In"
                        + " the second the client never closes, as a vanished client would not, and the server"
                        + " closes after %d ms without data (close order server-idle).", RATE_CPS,
                        DURATION_MS / 1000.0, IDLE_TIMEOUT_MS))
                .figure("closeOnEofServerTimeWait", onEof.entered(Side.SERVER))
                .figure("idleTimeoutServerTimeWait", onTimeout.entered(Side.SERVER))
                .figure("closeOnEofClientTimeWait", onEof.entered(Side.CLIENT))
                .figure("closeOnEofCompleted", eofCompleted)
                .figure("idleTimeoutCompleted", timeoutCompleted)
                .figure("idleTimeoutCycleP50Ms", cycleP50Ms)
                .judged(asClaimed, Verdict.HOLDS, observed, null);
    }
}
