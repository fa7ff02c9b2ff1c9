package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.FixedPortClient;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.kit.Syscall;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.Errno;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * 4. SO_REUSEADDR lets a port in TIME_WAIT be bound again, but not reconnected to the same
 * partner. Clients on fixed ports close first (TIME_WAIT on the client), then each port is used
 * again three ways: bound without SO_REUSEADDR, connected elsewhere, connected to the same server.
 * Once with TCP timestamps off (the older connection had none), once on (the Linux default).
 */
final class SamePartner implements Experiment {
    static final int PORTS = 20;
    static final int FIRST_PORT = 41_000;

    @Override
    public Claim claim() {
        return new Claim("same-partner", "SO_REUSEADDR does not allow a connection to the same partner",
                "With SO_REUSEADDR the server can bind its port even if the TIMEWAIT period has not elapsed."
                        + " However, TCP still prevents it from establishing a connection to the same partner"
                        + " socket address. (You can reuse the local port at once to connect anywhere but there.)",
                Source.IBM_ZOS, false);
    }

    /** What {@link #PORTS} clients saw, with timestamps on or off. */
    private record Tally(int bindRefused, int elsewhereOk, int samePartnerOk, int samePartnerRefused,
            Optional<Errno> samePartnerError, long recycled) {
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Tally withoutTimestamps = tally("0", 7201, 7202, FIRST_PORT);
        Tally withTimestamps = tally("1", 7203, 7204, FIRST_PORT + PORTS);
        String observed = String.format("%d client ports held TIME_WAIT towards one server. bind() without"
                        + " SO_REUSEADDR was refused (EADDRINUSE) on %d of them, with timestamps off, and %d with"
                        + " them on. With SO_REUSEADDR, connecting to another server port worked on %d and %d."
                        + " Reconnecting to the same server: timestamps off, %d of %d refused (%s); timestamps on,"
                        + " %d of %d succeeded, and TcpExt TWRecycled rose by %d (the kernel took the TIME_WAIT"
                        + " socket over).",
                PORTS, withoutTimestamps.bindRefused, withTimestamps.bindRefused, withoutTimestamps.elsewhereOk,
                withTimestamps.elsewhereOk, withoutTimestamps.samePartnerRefused, PORTS,
                Syscall.describe(withoutTimestamps.samePartnerError), withTimestamps.samePartnerOk, PORTS,
                withTimestamps.recycled);
        boolean asExpected = withoutTimestamps.bindRefused == PORTS && withTimestamps.bindRefused == PORTS
                && withoutTimestamps.elsewhereOk == PORTS && withTimestamps.elsewhereOk == PORTS
                && withoutTimestamps.samePartnerRefused == PORTS
                && withoutTimestamps.samePartnerError.equals(Optional.of(Errno.EADDRNOTAVAIL))
                && withTimestamps.samePartnerOk == PORTS && withTimestamps.recycled >= PORTS;
        return Outcome.method(String.format("%d clients, each bound to its own fixed loopback port with"
                        + " SO_REUSEADDR, connected to one server and closed first, so each port holds TIME_WAIT"
                        + " towards that server. Then, per port: bind() again without SO_REUSEADDR; bind() with it"
                        + " and connect to another server port; bind() with it and connect to the same server."
                        + " Done with net.ipv4.tcp_timestamps=0 and again with 1 (the default).", PORTS))
                .figure("samePartnerRefusedTimestampsOff", withoutTimestamps.samePartnerRefused)
                .figure("samePartnerOkTimestampsOn", withTimestamps.samePartnerOk)
                .figure("bindWithoutReuseAddrRefused", withoutTimestamps.bindRefused + withTimestamps.bindRefused)
                .figure("connectElsewhereOk", withoutTimestamps.elsewhereOk + withTimestamps.elsewhereOk)
                .figure("twRecycledTimestampsOn", withTimestamps.recycled)
                .figure("clientsPerCase", PORTS)
                .judged(asExpected, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed,
                        "The refusal comes from connect(), as EADDRNOTAVAIL, and only when the old connection did"
                                + " not use TCP timestamps. With timestamps (on by default), Linux lets the new"
                                + " connection take the TIME_WAIT socket over at once (TWRecycled), whatever"
                                + " tcp_tw_reuse says: timestamps tell old segments from new ones.");
    }

    private Tally tally(String timestamps, int serverPort, int otherServerPort, int firstClientPort)
            throws Exception {
        Kernel.set(NamespaceSysctl.TCP_TIMESTAMPS, timestamps);
        int bindRefused = 0;
        int elsewhereOk = 0;
        int samePartnerOk = 0;
        int samePartnerRefused = 0;
        Optional<Errno> samePartnerError = Optional.empty();
        try (ServerSocketChannel server = Loopback.listen(serverPort, true);
                ServerSocketChannel other = Loopback.listen(otherServerPort, true)) {
            for (int port = firstClientPort; port < firstClientPort + PORTS; port++) {
                if (new FixedPortClient(port, true).exchange(server, true).isPresent()) {
                    throw new IllegalStateException("the first connection from port " + port + " failed");
                }
            }
            long recycledBefore = Kernel.counters().getOrZero(Counters.TW_RECYCLED);
            for (int port = firstClientPort; port < firstClientPort + PORTS; port++) {
                int p = port;
                Optional<Errno> bind = Syscall.errno(() -> Loopback.clientAt(p, false).close());
                bindRefused += bind.equals(Optional.of(Errno.EADDRINUSE)) ? 1 : 0;
                // Closed by the server first, so this detour leaves the client port free of new TIME_WAIT.
                elsewhereOk += new FixedPortClient(port, true).exchange(other, false).isEmpty() ? 1 : 0;
                Optional<Errno> same = new FixedPortClient(port, true).exchange(server, false);
                if (same.isEmpty()) {
                    samePartnerOk++;
                } else {
                    samePartnerRefused++;
                    samePartnerError = same;
                }
            }
            long recycled = Kernel.counters().getOrZero(Counters.TW_RECYCLED) - recycledBefore;
            return new Tally(bindRefused, elsewhereOk, samePartnerOk, samePartnerRefused, samePartnerError,
                    recycled);
        }
    }
}
