package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.ChurnRuns;
import dev.twbench.loadgen.experiment.kit.NatRuns;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.CloseOrder;

/**
 * 14. A NAT's ports bound the connections open through it at once, and, on Linux, nothing else:
 * the same pool that drops connections held open carries twice its size of short connections,
 * because conntrack maps a new connection over a port whose entry is in TIME_WAIT. (A cloud NAT
 * that holds a port for a while after the close also bounds churn; twbench's lab is Linux.)
 *
 * <p>The verdict rests on counts the kernel fixes: the router's mappings never exceed its ports,
 * it drops once they are all held open, and it drops nothing under churn through the same pool.
 */
final class NatBoundsOpenConnections implements Experiment {
    static final long HELD_MS = 3_000;
    static final long CHURN_MS = 4_000;

    @Override
    public Claim claim() {
        return new Claim("nat-ports-bound-open-connections", "A NAT's ports bound open connections, not churn",
                "A NAT with P ports holds at most P connections to one destination; on Linux, closed connections do"
                        + " not hold its ports (conntrack's 120 s TIME_WAIT notwithstanding).",
                Source.OPERATORS, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Outcome.Builder outcome = Outcome.method(String.format("The namespace lab with a NAT router between client"
                + " and server (run --nat-ports %d: nftables snat to one address, %d source ports), %d new"
                + " connections per second. Held open: the server keeps each connection 4 s (--close server-idle), for"
                + " %.0f s of load. Churn: the client closes each at once (--close client-first), for %.0f s, twice"
                + " the pool.", NatRuns.PORTS, NatRuns.PORTS, NatRuns.RATE_CPS, HELD_MS / 1000.0, CHURN_MS / 1000.0));
        ChurnRuns.Run held = ChurnRuns.run(trial, NatRuns.scenario("nat-held-open", CloseOrder.SERVER_IDLE, HELD_MS)
                .idleTimeoutMs(4_000).timeoutMs(6_000).maxInFlight(1_000));
        ChurnRuns.Run churn = ChurnRuns.run(trial, NatRuns.scenario("nat-churn", CloseOrder.CLIENT_FIRST, CHURN_MS));
        Summary.Nat h = NatRuns.nat(held);
        Summary.Nat c = NatRuns.nat(churn);
        outcome.figure("natPorts", NatRuns.PORTS)
                .figure("heldPeakMappings", h.peakMappings())
                .figure("heldDrops", h.drops())
                .figure("heldInsertFailed", h.insertFailed())
                .figure("heldFirstDropSecond", h.firstDropSecond() == null ? -1 : h.firstDropSecond())
                .figure("heldPredictedFullSecond", NatRuns.poolSeconds())
                .figure("heldTimeouts", held.summary().failures().getOrDefault("TIMEOUT", 0L))
                .figure("churnStarted", churn.summary().attemptsStarted())
                .figure("churnCompleted", churn.summary().completed())
                .figure("churnFailed", churn.summary().failed())
                .figure("churnPeakMappings", c.peakMappings())
                .figure("churnPeakTimeWaitEntries", c.peakTimeWaitEntries())
                .figure("churnDrops", c.drops() + c.insertFailed());
        String observed = String.format("Held open: the router's mappings peaked at %d of %d; it dropped %d new"
                + " connections (insert_failed %d), the first in the interval ending at %s s (the pool's %d ports at"
                + " %d/s last %.1f s); %d attempts timed out. Churn: %d of %d connections completed through the same"
                + " %d ports, %d failed; the router held %d entries in TIME_WAIT at most and dropped %d.",
                h.peakMappings(), NatRuns.PORTS, h.drops(), h.insertFailed(), h.firstDropSecond(), NatRuns.PORTS,
                NatRuns.RATE_CPS, NatRuns.poolSeconds(), held.summary().failures().getOrDefault("TIMEOUT", 0L),
                churn.summary().completed(), churn.summary().attemptsStarted(), NatRuns.PORTS,
                churn.summary().failed(), c.peakTimeWaitEntries(), c.drops() + c.insertFailed());
        boolean asExpected = h.peakMappings() == NatRuns.PORTS && h.drops() > 0
                && churn.summary().failed() == 0 && churn.summary().completed() > NatRuns.PORTS
                && c.drops() + c.insertFailed() == 0 && c.peakMappings() <= NatRuns.PORTS;
        return outcome.judged(asExpected, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed,
                "Linux's conntrack keeps a closed connection's entry 120 s in TIME_WAIT, but maps a new connection"
                        + " over it: the pool bounds what is open at once, never churn. A cloud NAT that holds a port"
                        + " after the close (Azure NAT Gateway 65 s, Google Cloud NAT 120 s, by their figures) bounds"
                        + " churn too: ports / hold connections per second (plan --nat).");
    }
}
