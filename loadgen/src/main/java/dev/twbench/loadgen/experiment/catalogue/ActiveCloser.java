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
 * 1. Whoever sends the first FIN holds TIME_WAIT; the other side frees its socket at once.
 * Two short churn runs in the namespace lab, one per close order, counted by each side's own
 * TcpExt TW (every entry into TIME_WAIT, including those a new SYN takes over later).
 */
final class ActiveCloser implements Experiment {
    static final long RATE_CPS = 500;
    static final long DURATION_MS = 2_000;

    @Override
    public Claim claim() {
        return new Claim("active-closer", "The active closer holds TIME_WAIT, the passive closer does not",
                "The program that issues the first close() initiates an active close; it must wait twice the"
                        + " maximum segment lifetime before its socket is freed. The program that closes in"
                        + " response (passive close) can remove its resources as soon as its FIN is acknowledged.",
                Source.IBM_ZOS, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        ChurnRuns.Run clientFirst = ChurnRuns.run(trial,
                ChurnRuns.scenario("client-first", CloseOrder.CLIENT_FIRST, RATE_CPS, DURATION_MS));
        ChurnRuns.Run serverFirst = ChurnRuns.run(trial,
                ChurnRuns.scenario("server-first", CloseOrder.SERVER_FIRST, RATE_CPS, DURATION_MS));
        long cfCompleted = clientFirst.summary().completed();
        long sfCompleted = serverFirst.summary().completed();
        boolean clientFirstAsClaimed = onlyHolder(clientFirst, Side.CLIENT);
        boolean serverFirstAsClaimed = onlyHolder(serverFirst, Side.SERVER);
        long serverPeak = serverFirst.timeWait(Side.SERVER).peak();
        String observed = String.format(
                "client-first: %,d connections, %,d entered TIME_WAIT on the client and %,d on the server."
                        + " server-first: %,d connections, %,d on the server and %,d on the client.%s",
                cfCompleted, clientFirst.entered(Side.CLIENT), clientFirst.entered(Side.SERVER),
                sfCompleted, serverFirst.entered(Side.SERVER), serverFirst.entered(Side.CLIENT),
                serverPeak < serverFirst.entered(Side.SERVER) ? String.format(" The server's level peaked at %,d only:"
                        + " a new SYN from a reused client port takes a server-side TIME_WAIT over.", serverPeak) : "");
        return Outcome.method(String.format("Two churn runs in the namespace lab (client and server in separate"
                        + " namespaces over veth), %d connections per second for %.0f s: one where the client"
                        + " closes first, one where the server does. Each side's TcpExt TW counter says how many"
                        + " of its sockets entered TIME_WAIT.", RATE_CPS, DURATION_MS / 1000.0))
                .figure("clientFirstClientTimeWait", clientFirst.entered(Side.CLIENT))
                .figure("serverFirstServerTimeWait", serverFirst.entered(Side.SERVER))
                .figure("clientFirstServerTimeWait", clientFirst.entered(Side.SERVER))
                .figure("serverFirstClientTimeWait", serverFirst.entered(Side.CLIENT))
                .figure("clientFirstCompleted", cfCompleted)
                .figure("serverFirstCompleted", sfCompleted)
                .judged(clientFirstAsClaimed && serverFirstAsClaimed, Verdict.HOLDS, observed, null);
    }

    /** Every completed connection left TIME_WAIT on {@code holder} and none on the other side. */
    private static boolean onlyHolder(ChurnRuns.Run run, Side holder) {
        long completed = run.summary().completed();
        return completed > 0 && run.entered(holder) == completed && run.entered(holder.other()) == 0;
    }
}
