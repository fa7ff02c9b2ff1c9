package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.BindProbe;
import dev.twbench.loadgen.experiment.kit.ChildJvm;
import dev.twbench.loadgen.experiment.kit.Loopback;
import dev.twbench.loadgen.experiment.kit.Syscall;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.sys.Errno;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * 11. The interception concern: can a second socket bind a specific address on a port that a
 * wildcard server holds? Tried with SO_REUSEADDR (same user), and with SO_REUSEPORT from another
 * user ({@code nobody}, through a small JVM started with setpriv).
 */
final class SpecificAddress implements Experiment {
    static final int LISTENING_PORT = 7701;
    static final int BOUND_PORT = 7702;
    static final int REUSEPORT_PORT = 7703;
    static final int OTHER_UID = 65534;

    @Override
    public Claim claim() {
        return new Claim("specific-address", "SO_REUSEADDR lets another process intercept a wildcard server",
                "On some operating systems SO_REUSEADDR allows the same port to be used with a different address by"
                        + " different processes at the same time: if the server is bound to *.8080, another user on"
                        + " the machine can bind local-machine.8080, which will intercept all of its connections"
                        + " since it is more specific.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        InetSocketAddress wildcard = new InetSocketAddress("0.0.0.0", LISTENING_PORT);
        Optional<Errno> whileListening;
        try (ServerSocketChannel server = Loopback.listen(wildcard, true, false)) {
            whileListening = Syscall.errno(() -> Loopback.listen(Loopback.at(LISTENING_PORT), true, false).close());
        }
        Optional<Errno> whileOnlyBound;
        try (SocketChannel held = Loopback.boundOnly(new InetSocketAddress("0.0.0.0", BOUND_PORT), true)) {
            whileOnlyBound = Syscall.errno(() -> Loopback.boundOnly(Loopback.at(BOUND_PORT), true).close());
        }
        String otherUserWildcard;
        String otherUserSpecific;
        Optional<Errno> sameUserReusePort;
        try (ServerSocketChannel server = Loopback.listen(new InetSocketAddress("0.0.0.0", REUSEPORT_PORT), true,
                true)) {
            otherUserWildcard = probeAsOtherUser("0.0.0.0");
            otherUserSpecific = probeAsOtherUser(Loopback.ADDRESS);
            sameUserReusePort = Syscall.errno(() -> Loopback.listen(new InetSocketAddress("0.0.0.0", REUSEPORT_PORT),
                    true, true).close());
        }
        String observed = String.format("With a wildcard server listening (SO_REUSEADDR), bind() of 127.0.0.1 on its"
                        + " port with SO_REUSEADDR: %s. With the wildcard socket only bound, not listening: %s. With a"
                        + " wildcard server using SO_REUSEPORT, user %d asking for the same port with SO_REUSEPORT:"
                        + " %s on 0.0.0.0, %s on 127.0.0.1; the server's own user: %s.",
                Syscall.describe(whileListening), Syscall.describe(whileOnlyBound), OTHER_UID, otherUserWildcard,
                otherUserSpecific, Syscall.describe(sameUserReusePort));
        boolean refused = whileListening.equals(Optional.of(Errno.EADDRINUSE)) && whileOnlyBound.isEmpty()
                && otherUserWildcard.equals(Errno.EADDRINUSE.name()) && otherUserSpecific.equals(Errno.EADDRINUSE.name())
                && sameUserReusePort.isEmpty();
        return Outcome.method("As root in a fresh namespace: a server listening on 0.0.0.0 with SO_REUSEADDR, then"
                        + " a second socket binding 127.0.0.1 on the same port with SO_REUSEADDR; the same with the"
                        + " wildcard socket bound but not listening. Then a server on 0.0.0.0 with SO_REUSEPORT, and"
                        + " another user's process (uid " + OTHER_UID + ", started with setpriv) listening on the same"
                        + " port with SO_REUSEPORT, on 0.0.0.0 and on 127.0.0.1; and the server's own user doing"
                        + " the same.")
                .figure("specificBindRefusedWhileWildcardListens", whileListening.isPresent() ? 1 : 0)
                .figure("specificBindAllowedWhileWildcardOnlyBound", whileOnlyBound.isEmpty() ? 1 : 0)
                .figure("reusePortOtherUserRefused", otherUserSpecific.equals(Errno.EADDRINUSE.name())
                        && otherUserWildcard.equals(Errno.EADDRINUSE.name()) ? 1 : 0)
                .figure("reusePortSameUserAllowed", sameUserReusePort.isEmpty() ? 1 : 0)
                // Expected on Linux: the interception is refused, so the claim does not hold here.
                .judged(refused, Verdict.DOES_NOT_HOLD, observed,
                        "Linux refuses a more specific bind (EADDRINUSE) while the wildcard socket listens, even"
                                + " with SO_REUSEADDR on both; it allows it only while the wildcard socket is merely"
                                + " bound. SO_REUSEPORT, which does share a listening port, requires the same"
                                + " effective user on every socket.");
    }

    /** "ok" or the errno name of another user's SO_REUSEPORT listen on {@code address}. */
    private static String probeAsOtherUser(String address) throws IOException, InterruptedException {
        try (ChildJvm probe = ChildJvm.startAsUser(OTHER_UID, BindProbe.class, address,
                Integer.toString(REUSEPORT_PORT))) {
            String line = probe.nextLine(30_000);
            if (line == null) {
                throw new IOException("the bind probe said nothing");
            }
            if (line.equals("ok")) {
                return "ok";
            }
            return Errno.byMessageIn(line).map(Enum::name).orElse(line);
        }
    }
}
