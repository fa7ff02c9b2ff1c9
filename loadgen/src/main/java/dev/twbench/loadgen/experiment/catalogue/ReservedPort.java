package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.FixedPortClient;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.Errno;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * 10. The rsh story: a client that always takes the same reserved port (below 1024) with
 * SO_REUSEADDR, reconnecting to the same server. Rounds of connect-and-close from port 1010, three
 * ways: the client closes first without TCP timestamps (the failure the story tells), the server
 * closes first (the story's fix), and the client closes first with timestamps (Linux's default).
 */
final class ReservedPort implements Experiment {
    static final int ROUNDS = 5;
    static final int RSH_PORT = 514;

    /** One way of running the rounds, with its own client port so the ways do not meet. */
    private record Way(String key, String label, String timestamps, boolean clientFirst, int clientPort) {
    }

    private static final Way CLIENT_FIRST_NO_TS = new Way("ClientFirstNoTimestamps",
            "client closes first, timestamps off", "0", true, 1010);
    private static final Way SERVER_FIRST_NO_TS = new Way("ServerFirstNoTimestamps",
            "server closes first, timestamps off", "0", false, 1011);
    private static final Way CLIENT_FIRST_TS = new Way("ClientFirstTimestamps",
            "client closes first, timestamps on", "1", true, 1012);

    @Override
    public Claim claim() {
        return new Claim("reserved-port", "A fixed source port fails on reconnection; let the remote close first",
                "A program that finds a reserved local port (<1024) with SO_REUSEADDR keeps getting the same port,"
                        + " even if it is stuck in TIME_WAIT, and risks \"connect: address already in use\" when it"
                        + " goes back to a place it has been in the last few minutes. Making the remote (server)"
                        + " end close first eliminates the TIME_WAIT problem.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Outcome.Builder outcome = Outcome.method(String.format("A client bound to a reserved loopback port with"
                + " SO_REUSEADDR connected %d times in a row to the same server port %d, three ways: client closes"
                + " first with net.ipv4.tcp_timestamps=0, server closes first with timestamps off, client closes"
                + " first with timestamps on (the default). Each way has its own client port (1010, 1011, 1012).",
                ROUNDS, RSH_PORT));
        StringBuilder observed = new StringBuilder();
        int[] failures = new int[3];
        Optional<Errno> clientFirstError = Optional.empty();
        try (ServerSocketChannel rshd = Loopback.listen(RSH_PORT, true)) {
            int i = 0;
            for (Way way : new Way[] {CLIENT_FIRST_NO_TS, SERVER_FIRST_NO_TS, CLIENT_FIRST_TS}) {
                Kernel.set(NamespaceSysctl.TCP_TIMESTAMPS, way.timestamps);
                FixedPortClient rsh = new FixedPortClient(way.clientPort, true);
                Optional<Errno> firstError = Optional.empty();
                for (int round = 0; round < ROUNDS; round++) {
                    Optional<Errno> error = rsh.exchange(rshd, way.clientFirst);
                    if (error.isPresent()) {
                        failures[i]++;
                        firstError = firstError.or(() -> error);
                    }
                }
                if (way == CLIENT_FIRST_NO_TS) {
                    clientFirstError = firstError;
                }
                outcome.figure("failedRounds" + way.key, failures[i]); // in the order that tells the story
                observed.append(String.format("%s: %d of %d rounds failed%s.", way.label, failures[i], ROUNDS,
                        firstError.map(e -> " (" + e.name() + ")").orElse(""))).append(i < 2 ? " " : "");
                i++;
            }
        }
        outcome.figure("rounds", ROUNDS);
        boolean asExpected = failures[0] == ROUNDS - 1 && clientFirstError.equals(Optional.of(Errno.EADDRNOTAVAIL))
                && failures[1] == 0 && failures[2] == 0;
        return outcome.judged(asExpected, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed.toString(),
                "The failure is connect()'s EADDRNOTAVAIL (\"Cannot assign requested address\"), and only without"
                        + " TCP timestamps: with them (on by default) Linux takes the TIME_WAIT socket over and"
                        + " every round succeeds. Letting the server close first works either way.");
    }
}
