package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.kit.Syscall;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.sys.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 8. Closing a listening socket: with an empty accept queue, and with connections the kernel has
 * completed but the application never accepted.
 */
final class ListenerClose implements Experiment {
    static final int PENDING = 10;
    static final int IDLE_PORT = 7501;
    static final int BUSY_PORT = 7502;
    static final int READ_TIMEOUT_MS = 2_000;

    @Override
    public Claim claim() {
        return new Claim("listener-close", "A listener closes directly; pending connections make TIME_WAIT",
                "A socket which is listening for connections can be closed immediately if there are no connections"
                        + " pending, and the state proceeds directly to CLOSED. If connections are pending however,"
                        + " FIN_WAIT_1 is entered, and TIME_WAIT is inevitable.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        // An idle listener: closed, nothing left, the port free again even without SO_REUSEADDR.
        long twBefore = Kernel.timeWaitTotal();
        Loopback.listen(IDLE_PORT, false).close();
        long twAfterIdle = Kernel.timeWaitTotal() - twBefore;
        Optional<Errno> rebind = Syscall.errno(() -> Loopback.listen(IDLE_PORT, false).close());

        // A listener with connections in its accept queue: the handshakes are complete, nobody accepted.
        List<SocketChannel> clients = new ArrayList<>();
        try (ServerSocketChannel listener = Loopback.listen(BUSY_PORT, false)) {
            for (int i = 0; i < PENDING; i++) {
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
                client.connect(Loopback.at(BUSY_PORT));
                clients.add(client);
            }
        }
        int reset = 0;
        int eof = 0;
        for (SocketChannel client : clients) {
            switch (readOne(client)) {
                case RESET -> reset++;
                case EOF -> eof++;
                default -> { }
            }
            client.close();
        }
        long twAfterPending = Kernel.timeWaitTotal() - twBefore;
        String observed = String.format("The idle listener closed with no TIME_WAIT left (%d) and its port could"
                        + " be bound again at once without SO_REUSEADDR (%s). Of %d clients waiting in the accept"
                        + " queue, %d read ECONNRESET and %d read EOF when the listener closed; TIME_WAIT sockets"
                        + " in the namespace afterwards: %d.", twAfterIdle, Syscall.describe(rebind), PENDING, reset,
                eof, twAfterPending);
        boolean asExpected = twAfterIdle == 0 && rebind.isEmpty() && reset == PENDING && twAfterPending == 0;
        return Outcome.method(String.format("Closed a loopback listener with an empty accept queue, then bound"
                        + " its port again without SO_REUSEADDR. Then connected %d clients to a second listener that"
                        + " never accepted them, closed it, and read from each client.", PENDING))
                .figure("pendingClientsReset", reset)
                .figure("timeWaitAfterPendingListener", twAfterPending)
                .figure("pendingClients", PENDING)
                .figure("pendingClientsEof", eof)
                .figure("timeWaitAfterIdleListener", twAfterIdle)
                .figure("idleListenerPortReboundAtOnce", rebind.isEmpty() ? 1 : 0)
                .judged(asExpected, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed,
                        "Linux does not close pending connections gracefully: it resets each one (the client"
                                + " reads ECONNRESET) and neither side holds TIME_WAIT. Only SO_REUSEPORT with"
                                + " net.ipv4.tcp_migrate_req=1 hands them to a sibling listener instead.");
    }

    private enum Read { RESET, EOF, NOTHING }

    /** What a client reads after its listener is gone, within {@link #READ_TIMEOUT_MS}. */
    private static Read readOne(SocketChannel client) throws IOException {
        client.socket().setSoTimeout(READ_TIMEOUT_MS);
        try (InputStream in = client.socket().getInputStream()) {
            return in.read() < 0 ? Read.EOF : Read.NOTHING;
        } catch (SocketTimeoutException e) {
            return Read.NOTHING;
        } catch (IOException e) {
            return Syscall.errnoOf(e) == Errno.ECONNRESET ? Read.RESET : Read.NOTHING;
        }
    }
}
