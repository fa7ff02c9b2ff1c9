package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.Connection;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.kit.Syscall;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.Errno;
import java.nio.channels.ServerSocketChannel;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * 5. A client that closes first and starts again while its old ports are in TIME_WAIT: its new
 * sockets get other ephemeral ports and connect. tcp_tw_reuse is off, as it is between two hosts
 * by default (2 = loopback only), so the kernel does not recycle the old ports either.
 */
final class ClientRestart implements Experiment {
    static final int CONNECTIONS = 100;
    static final int SERVER_PORT = 7301;

    @Override
    public Claim claim() {
        return new Claim("client-restart", "A restarted client simply gets another ephemeral port",
                "If Program A is the client, TIMEWAIT does not create any major problems. A client normally uses an"
                        + " ephemeral port number; if the client restarts before the TIMEWAIT period has elapsed, it"
                        + " is merely assigned another ephemeral port number.",
                Source.IBM_ZOS, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Kernel.set(NamespaceSysctl.TCP_TW_REUSE, "0");
        Set<Integer> oldPorts = new HashSet<>();
        int reused = 0;
        int failed = 0;
        long timeWaitHeld;
        try (ServerSocketChannel server = Loopback.listen(SERVER_PORT, true)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                Connection c = Loopback.connect(server);
                oldPorts.add(c.clientPort());
                c.closeClientFirst();
            }
            timeWaitHeld = Kernel.timeWait(SERVER_PORT).client();
            // The restarted client: new sockets, no bind(), the same server.
            for (int i = 0; i < CONNECTIONS; i++) {
                Connection[] c = new Connection[1];
                Optional<Errno> error = Syscall.errno(() -> c[0] = Loopback.connect(server));
                if (error.isPresent()) {
                    failed++;
                    continue;
                }
                reused += oldPorts.contains(c[0].clientPort()) ? 1 : 0;
                c[0].closeServerFirst();
            }
        }
        String observed = String.format("The first client left %d ports in TIME_WAIT. The restarted client's %d"
                + " connections all got ephemeral ports: %d failed, %d reused a port in TIME_WAIT.", timeWaitHeld,
                CONNECTIONS, failed, reused);
        return Outcome.method(String.format("A client made %d connections to a loopback server from ephemeral"
                        + " ports and closed each first (TIME_WAIT on the client). Then, as a restarted client"
                        + " would, it opened %d new sockets without bind() and connected to the same server."
                        + " net.ipv4.tcp_tw_reuse=0.", CONNECTIONS, CONNECTIONS))
                .figure("restartedConnectFailures", failed)
                .figure("portsTakenFromTimeWait", reused)
                .figure("timeWaitHeldByOldClient", timeWaitHeld)
                .figure("restartedConnections", CONNECTIONS)
                .judged(timeWaitHeld == CONNECTIONS && failed == 0 && reused == 0, Verdict.HOLDS, observed, null);
    }
}
