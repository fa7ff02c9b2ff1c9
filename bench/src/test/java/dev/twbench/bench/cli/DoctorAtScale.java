package dev.twbench.bench.cli;

import dev.twbench.loadgen.lab.FreshNamespace;
import dev.twbench.loadgen.lab.NamespaceSysctls;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.probe.KernelCounters;
import dev.twbench.loadgen.probe.Sockstat;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DoctorHostTest's other half, run in a network namespace of its own: fills it with TIME_WAIT
 * sockets, asks {@code doctor --json} about them, and prints, one per line,
 * {@code pid}, {@code made <ms>}, {@code tw <sockstat tw>}, {@code doctor <json>}, {@code twAfter},
 * {@code firstAgeMs} and
 * {@code watched <json>} for the test to check.
 *
 * <p>Client-first connections on loopback with Java's default dual-stack sockets (so the kernel
 * lists them in /proc/net/tcp6, IPv4-mapped, which doctor must read too): {@code PORTS} listeners below
 * the ephemeral range (1024-65535 here), {@code COUNT / PORTS} connections to each, so that each
 * destination holds exactly that many 4-tuples in TIME_WAIT. Then, with {@code doctor --watch},
 * {@code WATCHED} more to one more port while the watch lasts. {@code HELD} connections to the
 * first port stay open throughout, held by this process.
 */
final class DoctorAtScale {
    static final int FIRST_PORT = 500;
    static final int PORTS = 40;
    static final int WATCHED_PORT = 600;
    static final int HELD = 5;
    private static final String LOOPBACK = "127.0.0.1";
    /**
     * Connections made and not yet accepted, at most: beyond somaxconn (4096) a listener drops the
     * handshake's last ACK, and such a connection ends in a reset, not in TIME_WAIT (the first
     * version of this test lost 24,000 of 500,000 that way).
     */
    private static final Semaphore UNACCEPTED = new Semaphore(1_000);

    private DoctorAtScale() {
    }

    public static void main(String[] args) throws Exception {
        if (!FreshNamespace.inside()) {
            throw new IllegalStateException("runs only in a namespace of its own (DoctorHostTest starts it)");
        }
        int count = Integer.parseInt(args[0]);
        int watched = Integer.parseInt(args[1]);
        FreshNamespace.prepare();
        NamespaceSysctls.write(NamespaceSysctl.TCP_TW_REUSE, "0"); // loopback's default (2) would take them over
        NamespaceSysctls.write(NamespaceSysctl.IP_LOCAL_PORT_RANGE, "1024 65535");
        NamespaceSysctls.write(NamespaceSysctl.TCP_MAX_TW_BUCKETS, Integer.toString(2 * count));

        List<ServerSocket> listeners = new ArrayList<>();
        for (int p = 0; p <= PORTS; p++) {
            int port = p == PORTS ? WATCHED_PORT : FIRST_PORT + p;
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(LOOPBACK, port), 4096);
            listeners.add(listener);
            // The first port's listener keeps the first HELD connections open: they are established ones with an owner.
            int keep = port == FIRST_PORT ? HELD : 0;
            Thread acceptor = new Thread(() -> closeEachAccepted(listener, keep), "accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            UNACCEPTED.acquireUninterruptibly();
            held.add(new Socket(LOOPBACK, FIRST_PORT));
        }
        System.out.println("pid " + ProcessHandle.current().pid());
        long startNs = System.nanoTime();
        connectAndClose(count, FIRST_PORT, PORTS);
        System.out.println("made " + (System.nanoTime() - startNs) / 1_000_000);
        awaitTimeWait(count);
        System.out.println("tw " + timeWait());
        long doctorStartNs = System.nanoTime();
        String doctor = doctor(new StringWriter(), "--json", "--top", Integer.toString(PORTS));
        System.out.println("doctorMs " + (System.nanoTime() - doctorStartNs) / 1_000_000);
        System.out.println("doctor " + doctor);
        System.out.println("twAfter " + timeWait());
        // How old the first socket was once doctor had read: past 60 s, TIME_WAIT began to expire.
        System.out.println("firstAgeMs " + (System.nanoTime() - startNs) / 1_000_000);

        // The watch: doctor watches for 5 s; the connections are made once it says it has begun.
        CompletableFuture<Void> begun = new CompletableFuture<>();
        CompletableFuture<String> watching = CompletableFuture.supplyAsync(
                () -> doctor(new Writer() {
                    @Override
                    public void write(char[] chars, int offset, int length) {
                        begun.complete(null);
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                }, "--json", "--watch", "5s", "--top", Integer.toString(PORTS + 1)));
        begun.get();
        // The kernel's timers tell a socket's age to a jiffy (4 ms here) and print it in hundredths
        // of a second: a socket made within a few ms of the watch's start may read as older than
        // it. Start 100 ms in, so that each of these is clearly the watch's (22 of 3,000 were not
        // when they started at once, in a CI build).
        Thread.sleep(100);
        connectAndClose(watched, WATCHED_PORT, 1);
        System.out.println("watched " + watching.get());
        for (Socket h : held) {
            h.close();
        }
        for (ServerSocket l : listeners) {
            l.close();
        }
    }

    /** {@code count} connections spread evenly over {@code ports} ports from {@code firstPort}, each closed by the client first. */
    private static void connectAndClose(int count, int firstPort, int ports) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                for (long n; (n = next.getAndIncrement()) < count; ) {
                    UNACCEPTED.acquireUninterruptibly();
                    try (Socket s = new Socket(LOOPBACK, firstPort + (int) (n % ports))) {
                        s.setTcpNoDelay(true); // closed at once: the client's FIN goes first
                    } catch (IOException e) {
                        throw new IllegalStateException("connection " + n + ": " + e.getMessage(), e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * The client closed first; its socket enters TIME_WAIT when the server's FIN comes, which the
     * acceptors send as they catch up: wait until TcpExt TW has counted every one.
     */
    private static void awaitTimeWait(int count) throws Exception {
        for (int i = 0; i < 200 && entered() < count; i++) {
            Thread.sleep(50);
        }
    }

    private static long entered() throws IOException {
        return KernelCounters.read(Path.of("/proc/net")).getOrZero(Counters.TW_ENTERED);
    }

    private static void closeEachAccepted(ServerSocket listener, int keep) {
        List<Socket> kept = new ArrayList<>();
        try {
            while (true) {
                Socket accepted = listener.accept();
                UNACCEPTED.release();
                if (kept.size() < keep) {
                    kept.add(accepted);
                } else {
                    // Close only after the client's FIN: a server closing first would hold the
                    // TIME_WAIT, and a later connection from the same client port would take it over.
                    try (Socket closing = accepted) {
                        closing.getInputStream().read();
                    }
                }
            }
        } catch (IOException closed) {
            // the listener closed: done
        }
    }

    private static long timeWait() throws IOException {
        return Sockstat.parse(ProcFiles.read(Path.of("/proc/net/sockstat"))).timeWait();
    }

    private static String doctor(Writer err, String... args) {
        StringWriter out = new StringWriter();
        var cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("doctor exited " + exit);
        }
        return out.toString().strip().replace('\n', ' ');
    }
}
