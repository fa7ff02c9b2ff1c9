package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.ChurnRuns;
import dev.twbench.loadgen.experiment.kit.NatRuns;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.record.SideCounters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;

/**
 * 15. Behind a NAT the server's TIME_WAIT bites: the NAT gives many clients' connections one
 * address and a small set of ports, so once it reuses a port, the new connection's 4-tuple is one
 * the server may still hold in TIME_WAIT. Where the server closes first, the SYN meets it and is
 * retransmitted; where the client closes first, the server holds nothing and no SYN is lost.
 *
 * <p>The verdict rests on the client's TcpExt TCPSynRetrans, a kernel count: above zero once the
 * NAT reuses ports with the server closing first, zero with the client closing first.
 */
final class NatServerTimeWait implements Experiment {
    static final long DURATION_MS = 4_000;

    @Override
    public Claim claim() {
        return new Claim("nat-server-time-wait", "Behind a NAT the server's TIME_WAIT bites",
                "When clients reach a server through a NAT and the server closes first, new connections collide"
                        + " with the server's TIME_WAIT once the NAT reuses its ports.", Source.OPERATORS, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Outcome.Builder outcome = Outcome.method(String.format("Churn through the NAT lab's router (run --nat-ports"
                + " %d), %d new connections per second for %.0f s, twice the pool: once with the server closing"
                + " first, once with the client. The client's TcpExt TCPSynRetrans counts the SYNs it sent again.",
                NatRuns.PORTS, NatRuns.RATE_CPS, DURATION_MS / 1000.0));
        ChurnRuns.Run serverFirst = ChurnRuns.run(trial, NatRuns.scenario("nat-server-first", CloseOrder.SERVER_FIRST,
                DURATION_MS));
        ChurnRuns.Run clientFirst = ChurnRuns.run(trial, NatRuns.scenario("nat-client-first", CloseOrder.CLIENT_FIRST,
                DURATION_MS));
        long serverFirstRetrans = synRetrans(serverFirst);
        long clientFirstRetrans = synRetrans(clientFirst);
        long slowConnectUs = serverFirst.summary().latencyUs().get("connect").maxUs();
        double firstRetransSecond = firstSynRetransSecond(serverFirst);
        outcome.figure("natPorts", NatRuns.PORTS)
                .figure("reuseStartsSecond", NatRuns.poolSeconds())
                .figure("synRetransServerFirst", serverFirstRetrans)
                .figure("synRetransClientFirst", clientFirstRetrans)
                .figure("firstSynRetransSecondServerFirst", firstRetransSecond)
                .figure("connectMaxUsServerFirst", slowConnectUs)
                .figure("serverTimeWaitPeakServerFirst", serverFirst.timeWait(Side.SERVER)
                        .peak())
                .figure("failedServerFirst", serverFirst.summary().failed())
                .figure("dropsServerFirst", NatRuns.nat(serverFirst).drops());
        String observed = String.format("Server first: %d SYNs retransmitted, the first in the interval ending at"
                + " %.1f s, the slowest connect took %.1f s, %d"
                + " attempts failed, and the server's TIME_WAIT peaked at %d, the NAT's %d ports. Client first: %d SYNs"
                + " retransmitted. The NAT starts to reuse ports after %d / %d = %.1f s.", serverFirstRetrans,
                firstRetransSecond, slowConnectUs / 1e6, serverFirst.summary().failed(),
                serverFirst.timeWait(Side.SERVER).peak(), NatRuns.PORTS,
                clientFirstRetrans, NatRuns.PORTS, NatRuns.RATE_CPS, NatRuns.poolSeconds());
        boolean asExpected = serverFirstRetrans > 0 && clientFirstRetrans == 0 && NatRuns.nat(serverFirst).drops() == 0;
        return outcome.judged(asExpected, Verdict.HOLDS, observed, "");
    }

    /** End of the first interval in which the client retransmitted a SYN; -1 if it never did. */
    private static double firstSynRetransSecond(ChurnRuns.Run run) throws IOException {
        return TimeSeries.read(run.result().folder().timeSeriesCsv()).column(Side.CLIENT, Counters.SYN_RETRANS)
                .firstNonZeroElapsedMs().orElse(-1_000) / 1000.0;
    }

    private static long synRetrans(ChurnRuns.Run run) {
        SideCounters client = run.summary().counters().get("client");
        return client == null ? 0 : client.totals().getOrDefault(Counters.SYN_RETRANS.column(), 0L);
    }
}
