package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.ChildJvm;
import dev.twbench.loadgen.experiment.kit.DyingApplication;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.kit.Syscall;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.probe.ProcNetTcp;
import dev.twbench.loadgen.sys.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 9. An application dies with connections open. A real server process (a small JVM) accepts
 * connections and is killed with SIGKILL; this JVM holds the other ends. From the clients' side
 * the remote application died; from the server's side, the local one did.
 */
final class ApplicationDies implements Experiment {
    static final int CONNECTIONS = 3;
    static final int PORT = 7601;
    static final int READ_TIMEOUT_MS = 5_000;

    @Override
    public Claim claim() {
        return new Claim("application-dies", "An application that dies leaves TIME_WAIT behind",
                "If the remote application dies unexpectedly while the connection is established, the local end"
                        + " will have to initiate closure; in this case TIME_WAIT is unavoidable. If the local"
                        + " application dies while a connection is active, the port will be tied up in TIME_WAIT.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        List<SocketChannel> clients = new ArrayList<>();
        long eofMs;
        int eofs = 0;
        try (ChildJvm server = ChildJvm.start(DyingApplication.class, Integer.toString(PORT),
                Integer.toString(CONNECTIONS))) {
            server.awaitLine("listening", 30_000);
            for (int i = 0; i < CONNECTIONS; i++) {
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
                client.connect(Loopback.at(PORT));
                clients.add(client);
            }
            server.awaitLine("accepted", 10_000);
            trial.say("server application " + server.pid() + " holds " + CONNECTIONS + " connections; SIGKILL");
            long killedNs = System.nanoTime();
            server.kill();
            for (SocketChannel client : clients) {
                eofs += readsEof(client) ? 1 : 0;
                client.close(); // the survivor closes second, on EOF
            }
            eofMs = (System.nanoTime() - killedNs) / 1_000_000;
        }
        Kernel.await(() -> Kernel.timeWait(PORT).server() >= CONNECTIONS, 2_000);
        ProcNetTcp.TimeWaitByPort held = Kernel.timeWait(PORT);
        Optional<Errno> restart = Syscall.errno(() -> Loopback.listen(PORT, false).close());
        String observed = String.format("After the SIGKILL, %d of %d clients read EOF (within %d ms): the dead"
                        + " application's kernel closed its sockets and sent the FINs. The clients then closed."
                        + " TIME_WAIT: %d on the dead server's port, %d on the surviving clients. A restarted server"
                        + " binding the port without SO_REUSEADDR: %s.", eofs, CONNECTIONS, eofMs, held.server(),
                held.client(), Syscall.describe(restart));
        boolean asExpected = eofs == CONNECTIONS && held.server() == CONNECTIONS && held.client() == 0
                && restart.equals(Optional.of(Errno.EADDRINUSE));
        return Outcome.method(String.format("A server application in its own JVM, listening without SO_REUSEADDR,"
                        + " accepted %d loopback connections and held them; it was killed with SIGKILL. The clients"
                        + " (this JVM) read until EOF and closed. Then TIME_WAIT was counted by side and the port"
                        + " bound again as a restarted server would.", CONNECTIONS))
                .figure("timeWaitOnDeadApplicationsPort", held.server())
                .figure("timeWaitOnSurvivors", held.client())
                .figure("connections", CONNECTIONS)
                .figure("clientsReadEof", eofs)
                .figure("restartBindRefused", restart.isPresent() ? 1 : 0)
                .judged(asExpected, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed,
                        "A dead process's sockets are closed by its kernel, which sends the FIN for it: the side"
                                + " whose application died is the active closer and holds TIME_WAIT (its port is"
                                + " tied up, as the second half of the claim says). The surviving end reads EOF,"
                                + " closes second and holds none: the first half holds only when the remote host"
                                + " itself vanishes, not its application.");
    }

    private static boolean readsEof(SocketChannel client) throws IOException {
        client.socket().setSoTimeout(READ_TIMEOUT_MS);
        try (InputStream in = client.socket().getInputStream()) {
            return in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }
}
