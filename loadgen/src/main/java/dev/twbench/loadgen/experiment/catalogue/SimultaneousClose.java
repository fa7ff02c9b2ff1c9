package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.Connection;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.probe.ProcNetTcp;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * 7. Both ends send FIN before either sees the other's. On loopback the two FINs would never
 * cross by chance often enough to count, so the experiment makes them cross: it takes the
 * namespace's loopback down, closes both ends of every connection (each FIN waits in its
 * socket's retransmit queue), and brings loopback up again; the retransmitted FINs then cross.
 */
final class SimultaneousClose implements Experiment {
    static final int CONNECTIONS = 20;
    static final int SERVER_PORT = 7401;
    /** The first FIN retransmission comes about 200 ms (the minimum RTO) after the close. */
    static final long SETTLE_MS = 5_000;

    @Override
    public Claim claim() {
        return new Claim("simultaneous-close", "Both ends go through TIME_WAIT when their FINs cross",
                "If both ends send FIN before either end acknowledges it, both ends will have to go through"
                        + " TIME_WAIT.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        long twBefore = Kernel.counters().getOrZero(Counters.TW_ENTERED);
        List<Connection> connections = new ArrayList<>();
        try (ServerSocketChannel server = Loopback.listen(SERVER_PORT, true)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(Loopback.connect(server));
            }
        }
        Kernel.loopback(false);
        try {
            for (Connection c : connections) {
                c.close(); // both ends, neither FIN delivered yet
            }
        } finally {
            Kernel.loopback(true);
        }
        Kernel.await(() -> Kernel.timeWait(SERVER_PORT).client() + Kernel.timeWait(SERVER_PORT).server()
                >= 2L * CONNECTIONS, SETTLE_MS);
        ProcNetTcp.TimeWaitByPort held = Kernel.timeWait(SERVER_PORT);
        long entered = Kernel.counters().getOrZero(Counters.TW_ENTERED) - twBefore;
        String observed = String.format("Of %d connections closed by both ends at once, %d client ends and %d server"
                + " ends are in TIME_WAIT; TcpExt TW rose by %d.", CONNECTIONS, held.client(), held.server(), entered);
        return Outcome.method(String.format("Opened %d loopback connections, took loopback down so that no FIN"
                        + " could arrive, closed both ends of each, and brought loopback up: the FINs were"
                        + " retransmitted and crossed. Then counted TIME_WAIT by side in /proc/net/tcp.", CONNECTIONS))
                .figure("clientTimeWait", held.client())
                .figure("serverTimeWait", held.server())
                .figure("connections", CONNECTIONS)
                .figure("twEntered", entered)
                .judged(held.client() == CONNECTIONS && held.server() == CONNECTIONS, Verdict.HOLDS, observed, null);
    }
}
