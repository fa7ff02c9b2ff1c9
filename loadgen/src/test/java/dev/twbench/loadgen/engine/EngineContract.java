package dev.twbench.loadgen.engine;

import static dev.twbench.loadgen.engine.BlockingPeer.Event.of;
import static dev.twbench.loadgen.engine.BlockingPeer.Event.received;
import static dev.twbench.loadgen.engine.BlockingPeer.Event.sent;
import static dev.twbench.loadgen.engine.EngineCounts.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.engine.BlockingPeer.Event;
import dev.twbench.loadgen.engine.BlockingPeer.Kind;
import dev.twbench.loadgen.engine.BlockingPeer.Trace;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Transport;
import dev.twbench.loadgen.sys.Privileges;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engines' contract, in this JVM over 127.0.0.1, as any user: pacing, the in-flight cap, late
 * attempts, TIMEOUT, EARLY_EOF, and the bytes and close sequence of every close order, each
 * engine facing a plain blocking java.net peer that records what it sees ({@link BlockingPeer},
 * {@link MutePeer}). One contract, bound once per transport (Epoll-, IoUring-, NioEngineContractTest);
 * NonRootEngineContractTest re-runs them as user nobody when the build runs as root.
 *
 * <p>Counts are the engines' own, read through {@link EngineCounts}. Time-dependent counts use a
 * {@link ManualClock}, so that they follow from arithmetic. What is asserted is what the kernel and
 * the protocol fix (counts, bytes, order, errno), never how fast: every wait is a bound that only a
 * stalled machine reaches, and every "nothing more happens" check can only pass on a slow machine,
 * never fail a correct engine. Where TIME_WAIT lands is the namespace tests' business
 * (run/CloseOrderContract).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class EngineContract {
    static final String LOOPBACK = "127.0.0.1";
    static final int REQUEST_BYTES = 100;
    static final int RESPONSE_BYTES = 1_000;
    /** Two event loops per engine: attempts interleave over them and the in-flight cap is shared out. */
    static final int THREADS = 2;
    /** A --timeout no connection of these cases comes near, unless the case is about the timeout. */
    static final long PATIENT_TIMEOUT_MS = 60_000;
    static final long SHORT_TIMEOUT_MS = 300;
    /** server-idle's idle time where the case is not about it. */
    static final long IDLE_TIMEOUT_MS = 300;
    /** A bound on waiting for what must happen. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a count must then stay put: an engine that breaks a rule breaks it at once. */
    static final Duration SETTLE = Duration.ofMillis(200);

    /** The transport both engines run on. */
    abstract Transport transport();

    /** Why the kernel's own settings forbid this transport to this user, if they do. */
    Optional<String> kernelRefusal() {
        return Optional.empty();
    }

    /**
     * A transport this user cannot run is a failure, not a skip: an ordinary user must be able to
     * run every transport, unless a kernel setting says otherwise.
     */
    @BeforeEach
    void transportRuns() {
        Optional<Throwable> cause = TransportSupport.unavailabilityCause(transport());
        if (cause.isPresent()) {
            kernelRefusal().ifPresent(reason -> Assumptions.abort("skipped: " + reason));
            fail("the " + transport().label() + " transport is unavailable to uid " + Privileges.uid().orElse(-1)
                    + ": " + cause.get());
        }
    }

    // ---- pacing ----

    @Test
    void theOpenLoopStartsEachAttemptWhenDueAndExactlyRateTimesDurationOfThem() throws Exception {
        ManualClock clock = new ManualClock();
        try (ServerEngine server = server(CloseOrder.CLIENT_RST, RESPONSE_BYTES, PATIENT_TIMEOUT_MS);
                ClientEngine client = new ClientEngine(clientSpec(port(server), CloseOrder.CLIENT_RST, 1_000, 300, 1_000,
                        RESPONSE_BYTES, PATIENT_TIMEOUT_MS), clock)) {
            client.start();
            // At 1000/s attempt k is due k ms after the start: at t ms, attempts 0..t are due.
            awaitClient(client, s -> count(s, Counters.ATTEMPTS_STARTED) >= 1, "attempt 0 started");
            settle();
            assertClient(client, Counters.ATTEMPTS_STARTED, 1, "attempt 1 is not due before 1 ms");
            for (long t = 10; t <= 290; t += 10) {
                clock.advance(Duration.ofMillis(10));
                long due = t + 1;
                ClientEngine.Snapshot s = awaitClient(client, x -> count(x, Counters.ATTEMPTS_STARTED) >= due, due + " started");
                assertEquals(due, count(s, Counters.ATTEMPTS_STARTED), "at " + t + " ms: " + EngineCounts.describe(s));
            }
            clock.advance(Duration.ofMillis(9)); // 299 ms: the last attempt, 299, is due
            awaitClient(client, s -> count(s, Counters.ATTEMPTS_STARTED) >= 300, "300 started");
            settle();
            assertClient(client, Counters.ATTEMPTS_STARTED, 300, "nothing is due after attempt 299 of 1000/s x 300 ms");
            clock.advance(Duration.ofMillis(1)); // the load's time is up
            awaitFinished(client);
            ClientEngine.Snapshot s = client.snapshot();
            assertEquals(300, count(s, Counters.ATTEMPTS_DUE), EngineCounts.describe(s));
            assertEquals(300, count(s, Counters.ATTEMPTS_STARTED), EngineCounts.describe(s));
            assertEquals(300, count(s, Counters.CONNECTED), EngineCounts.describe(s));
            assertEquals(300, count(s, Counters.COMPLETED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.FAILED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.LATE), "each started within 10 ms of its due time: " + EngineCounts.describe(s));
            ServerEngine.Snapshot served = awaitServer(server, x -> count(x, Counters.COMPLETED) >= 300, "300 served");
            assertEquals(300, count(served, Counters.ACCEPTED), EngineCounts.describe(served));
            assertEquals(300, count(served, Counters.PEER_RESETS), "client-rst: each ended with the client's RST");
        }
    }

    @Test
    void theClosedLoopRunsExactlyTheCyclesItIsAskedFor() throws Exception {
        try (ServerEngine server = server(CloseOrder.CLIENT_RST, RESPONSE_BYTES, PATIENT_TIMEOUT_MS);
                ClientEngine client = new ClientEngine(clientSpec(port(server), CloseOrder.CLIENT_RST, 0, 60_000, 8,
                        RESPONSE_BYTES, PATIENT_TIMEOUT_MS))) {
            ClientEngine.Batch first = client.runCycles(50);
            assertEquals(50, count(first, Counters.COMPLETED), first.toString());
            assertEquals(0, count(first, Counters.FAILED), first.toString());
            ClientEngine.Batch second = client.runCycles(7);
            assertEquals(7, count(second, Counters.COMPLETED), "a batch counts its own cycles: " + second);
            assertEquals(0, count(second, Counters.FAILED), second.toString());
            ServerEngine.Snapshot served = awaitServer(server, x -> count(x, Counters.COMPLETED) >= 57, "57 served");
            assertEquals(57, count(served, Counters.ACCEPTED), "no connection beyond the batches': "
                    + EngineCounts.describe(served));
        }
    }

    // ---- late attempts ----

    @Test
    void anAttemptIsLateWhenItStartsMoreThanTenMillisecondsAfterItsDueTime() throws Exception {
        ManualClock clock = new ManualClock();
        try (ServerEngine server = server(CloseOrder.CLIENT_RST, RESPONSE_BYTES, PATIENT_TIMEOUT_MS);
                ClientEngine client = new ClientEngine(clientSpec(port(server), CloseOrder.CLIENT_RST, 1_000, 1_000,
                        1_000, RESPONSE_BYTES, PATIENT_TIMEOUT_MS), clock)) {
            client.start();
            awaitClient(client, s -> count(s, Counters.ATTEMPTS_STARTED) >= 1, "attempt 0 started");
            clock.advance(Duration.ofMillis(100));
            // Attempts 1..100 (due at k ms) all start at 100 ms: late where 100 - k > 10, k = 1..89.
            awaitClient(client, s -> count(s, Counters.ATTEMPTS_STARTED) >= 101, "101 started");
            settle();
            ClientEngine.Snapshot s = client.snapshot();
            assertEquals(101, count(s, Counters.ATTEMPTS_STARTED), EngineCounts.describe(s));
            assertEquals(89, count(s, Counters.LATE), "late beyond ClientLoop.LATE_NS = 10 ms: " + EngineCounts.describe(s));
            clock.advance(Duration.ofMillis(900)); // the load's time is up: what is due and not started never starts
            awaitFinished(client);
            s = client.snapshot();
            assertEquals(1_000, count(s, Counters.ATTEMPTS_DUE), EngineCounts.describe(s));
            assertEquals(101, count(s, Counters.ATTEMPTS_STARTED), EngineCounts.describe(s));
            assertEquals(89, count(s, Counters.LATE), EngineCounts.describe(s));
            assertEquals(101, count(s, Counters.COMPLETED), EngineCounts.describe(s));
        }
    }

    // ---- the in-flight cap ----

    @Test
    void theInFlightCapHoldsDueAttemptsBackUntilAConnectionEnds() throws Exception {
        ManualClock clock = new ManualClock();
        try (MutePeer peer = new MutePeer();
                ClientEngine client = new ClientEngine(clientSpec(peer.port(), CloseOrder.CLIENT_FIRST, 1_000, 1_000, 4,
                        RESPONSE_BYTES, PATIENT_TIMEOUT_MS), clock)) {
            client.start();
            clock.advance(Duration.ofMillis(99)); // 100 attempts due, at most 4 open
            for (int ended = 0; ended <= 6; ended++) {
                int open = 4 + ended;
                awaitClient(client, s -> count(s, Counters.ATTEMPTS_STARTED) >= open && peer.accepted() >= open,
                        open + " started and accepted");
                settle();
                ClientEngine.Snapshot s = client.snapshot();
                assertEquals(open, count(s, Counters.ATTEMPTS_STARTED), ended + " ended, 4 open: " + EngineCounts.describe(s));
                assertEquals(open, peer.accepted(), "connections the peer accepted, " + ended + " ended");
                assertEquals(ended, count(s, Counters.FAILED), EngineCounts.describe(s));
                if (ended < 6) {
                    peer.endOldest(REQUEST_BYTES); // its FIN comes before any response: EARLY_EOF, and a slot frees
                }
            }
            clock.advance(Duration.ofMillis(901)); // time up: the 4 open end, none starts
            for (int i = 0; i < 4; i++) {
                peer.endOldest(REQUEST_BYTES);
            }
            awaitFinished(client);
            ClientEngine.Snapshot s = client.snapshot();
            assertEquals(10, count(s, Counters.ATTEMPTS_STARTED), EngineCounts.describe(s));
            assertEquals(10, count(s, Counters.CONNECTED), EngineCounts.describe(s));
            assertEquals(10, count(s, Counters.failed(FailureKinds.EARLY_EOF)), EngineCounts.describe(s));
            assertEquals(10, count(s, Counters.FAILED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.COMPLETED), EngineCounts.describe(s));
            assertEquals(10, peer.accepted());
        }
    }

    // ---- TIMEOUT ----

    @Test
    void anAttemptToAPeerThatNeverAnswersFailsAsTimeoutAfterTheTimeout() throws Exception {
        try (MutePeer peer = new MutePeer();
                ClientEngine client = new ClientEngine(clientSpec(peer.port(), CloseOrder.CLIENT_FIRST, 0, 60_000, 2,
                        RESPONSE_BYTES, SHORT_TIMEOUT_MS))) {
            long before = System.nanoTime();
            ClientEngine.Batch b = client.runCycles(2);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            assertEquals(2, count(b, Counters.failed(FailureKinds.TIMEOUT)), b.toString());
            assertEquals(2, count(b, Counters.FAILED), b.toString());
            assertEquals(0, count(b, Counters.COMPLETED), b.toString());
            assertTrue(tookMs >= SHORT_TIMEOUT_MS, "failed after " + tookMs + " ms, before --timeout " + SHORT_TIMEOUT_MS);
            assertEquals(2, peer.accepted());
        }
    }

    @Test
    void theServerCutsOffAClientThatSendsNothingAfterItsTimeout() throws Exception {
        try (ServerEngine server = server(CloseOrder.CLIENT_FIRST, RESPONSE_BYTES, SHORT_TIMEOUT_MS);
                Socket socket = new Socket()) {
            long before = System.nanoTime();
            socket.connect(new InetSocketAddress(LOOPBACK, port(server)));
            Trace trace = BlockingPeer.silent(socket);
            assertEquals(List.of(of(Kind.FIN), of(Kind.OWN_FIN)), trace.events(), "the server closes, sending nothing");
            long afterMs = TimeUnit.NANOSECONDS.toMillis(trace.at(Kind.FIN) - before);
            assertTrue(afterMs >= SHORT_TIMEOUT_MS, "FIN after " + afterMs + " ms, before --timeout " + SHORT_TIMEOUT_MS);
            ServerEngine.Snapshot s = awaitServer(server, x -> count(x, Counters.FAILED) >= 1, "the server's failure");
            assertEquals(1, count(s, Counters.failed(FailureKinds.TIMEOUT)), EngineCounts.describe(s));
            assertEquals(1, count(s, Counters.ACCEPTED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.COMPLETED), EngineCounts.describe(s));
        }
    }

    // ---- EARLY_EOF ----

    @Test
    void aResponseCutShortIsEarlyEofOnTheClient() throws Exception {
        int shortResponse = 10;
        try (ServerEngine server = server(CloseOrder.SERVER_FIRST, shortResponse, PATIENT_TIMEOUT_MS);
                ClientEngine client = new ClientEngine(clientSpec(port(server), CloseOrder.SERVER_FIRST, 0, 60_000, 2,
                        RESPONSE_BYTES, PATIENT_TIMEOUT_MS))) {
            ClientEngine.Batch b = client.runCycles(3);
            assertEquals(3, count(b, Counters.failed(FailureKinds.EARLY_EOF)), "the server's FIN after " + shortResponse + " of "
                    + RESPONSE_BYTES + " bytes: " + b);
            assertEquals(3, count(b, Counters.FAILED), b.toString());
            ServerEngine.Snapshot s = awaitServer(server, x -> count(x, Counters.COMPLETED) >= 3, "3 served");
            assertEquals(0, count(s, Counters.FAILED), "the server sent all it meant to: " + EngineCounts.describe(s));
        }
    }

    @Test
    void aRequestCutShortIsEarlyEofOnTheServer() throws Exception {
        int shortRequest = 40;
        try (ServerEngine server = server(CloseOrder.CLIENT_FIRST, RESPONSE_BYTES, PATIENT_TIMEOUT_MS);
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port(server)));
            Trace trace = BlockingPeer.sendThenShutDown(socket, shortRequest);
            assertEquals(List.of(sent(shortRequest), of(Kind.OWN_FIN), of(Kind.FIN)), trace.events(),
                    "the server closes at once, answering nothing");
            ServerEngine.Snapshot s = awaitServer(server, x -> count(x, Counters.FAILED) >= 1, "the server's failure");
            assertEquals(1, count(s, Counters.failed(FailureKinds.EARLY_EOF)), EngineCounts.describe(s));
            assertEquals(1, count(s, Counters.FAILED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.COMPLETED), EngineCounts.describe(s));
        }
    }

    // ---- close orders ----

    /** What a plain server sees of the client engine, and the client's peer resets, per close order. */
    static Stream<Arguments> whatAPeerServerSees() {
        Event request = received(REQUEST_BYTES);
        Event response = sent(RESPONSE_BYTES);
        return Stream.of(
                arguments(CloseOrder.CLIENT_FIRST, List.of(request, response, of(Kind.FIN), of(Kind.OWN_FIN)), 0),
                arguments(CloseOrder.SERVER_FIRST, List.of(request, response, of(Kind.QUIET), of(Kind.OWN_FIN),
                        of(Kind.FIN)), 0),
                arguments(CloseOrder.SIMULTANEOUS, List.of(request, response, of(Kind.FIN), of(Kind.OWN_FIN)), 0),
                arguments(CloseOrder.CLIENT_RST, List.of(request, response, of(Kind.RST)), 0),
                arguments(CloseOrder.SERVER_RST, List.of(request, response, of(Kind.QUIET), of(Kind.OWN_RST)), 1),
                // the client's FIN right after the request, before the response
                arguments(CloseOrder.HALF_CLOSE, List.of(request, of(Kind.FIN), response, of(Kind.OWN_FIN)), 0),
                arguments(CloseOrder.SERVER_IDLE, List.of(request, response, of(Kind.QUIET), of(Kind.OWN_FIN),
                        of(Kind.FIN)), 0));
    }

    /** What a plain client sees of the server engine, and the server's peer resets, per close order. */
    static Stream<Arguments> whatAPeerClientSees() {
        Event request = sent(REQUEST_BYTES);
        Event response = received(RESPONSE_BYTES);
        return Stream.of(
                arguments(CloseOrder.CLIENT_FIRST, List.of(request, response, of(Kind.QUIET), of(Kind.OWN_FIN),
                        of(Kind.FIN)), 0),
                arguments(CloseOrder.SERVER_FIRST, List.of(request, response, of(Kind.FIN), of(Kind.OWN_FIN)), 0),
                arguments(CloseOrder.SIMULTANEOUS, List.of(request, response, of(Kind.FIN), of(Kind.OWN_FIN)), 0),
                arguments(CloseOrder.CLIENT_RST, List.of(request, response, of(Kind.QUIET), of(Kind.OWN_RST)), 1),
                arguments(CloseOrder.SERVER_RST, List.of(request, response, of(Kind.RST)), 0),
                // the server answers only once the request's FIN has come
                arguments(CloseOrder.HALF_CLOSE, List.of(request, of(Kind.QUIET), of(Kind.OWN_FIN), response,
                        of(Kind.FIN)), 0),
                // the server closes after its idle timeout (see anIdleServerClosesOnlyAfterItsIdleTimeout)
                arguments(CloseOrder.SERVER_IDLE, List.of(request, response, of(Kind.FIN), of(Kind.OWN_FIN)), 0));
    }

    @Test
    void everyCloseOrderIsSpecifiedForBothEngines() {
        for (Stream<Arguments> table : List.of(whatAPeerServerSees(), whatAPeerClientSees())) {
            assertEquals(EnumSet.allOf(CloseOrder.class),
                    table.map(a -> (CloseOrder) a.get()[0]).collect(Collectors.toCollection(() -> EnumSet.noneOf(CloseOrder.class))));
        }
    }

    @ParameterizedTest(name = "{0}: the peer server sees {1}")
    @MethodSource("whatAPeerServerSees")
    void theClientEngineSendsAndClosesAsItsCloseOrderSays(CloseOrder order, List<Event> peerSees, long peerResets)
            throws Exception {
        ManualClock clock = new ManualClock(); // stands still: exactly attempt 0 of 1/s x 1 s
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                ClientEngine client = new ClientEngine(clientSpec(listener.getLocalPort(), order, 1, 1_000, 1,
                        RESPONSE_BYTES, PATIENT_TIMEOUT_MS), clock)) {
            listener.setSoTimeout((int) WAIT.toMillis());
            FutureTask<Trace> peer = new FutureTask<>(
                    () -> BlockingPeer.serve(listener.accept(), order, REQUEST_BYTES, RESPONSE_BYTES));
            new Thread(peer, "peer-server-" + order.label()).start();
            client.start();
            assertEquals(peerSees, peer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).events(), order.label());
            awaitFinished(client);
            ClientEngine.Snapshot s = client.snapshot();
            assertEquals(1, count(s, Counters.ATTEMPTS_STARTED), EngineCounts.describe(s));
            assertEquals(1, count(s, Counters.COMPLETED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.FAILED), EngineCounts.describe(s));
            assertEquals(peerResets, count(s, Counters.PEER_RESETS), EngineCounts.describe(s));
        }
    }

    @ParameterizedTest(name = "{0}: the peer client sees {1}")
    @MethodSource("whatAPeerClientSees")
    void theServerEngineAnswersAndClosesAsItsCloseOrderSays(CloseOrder order, List<Event> peerSees, long peerResets)
            throws Exception {
        try (ServerEngine server = server(order, RESPONSE_BYTES, PATIENT_TIMEOUT_MS); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port(server)));
            Trace trace = BlockingPeer.call(socket, order, REQUEST_BYTES, RESPONSE_BYTES);
            assertEquals(peerSees, trace.events(), order.label());
            ServerEngine.Snapshot s = awaitServer(server, x -> count(x, Counters.COMPLETED) + count(x, Counters.FAILED) >= 1,
                    "the connection's end");
            assertEquals(1, count(s, Counters.ACCEPTED), EngineCounts.describe(s));
            assertEquals(1, count(s, Counters.COMPLETED), EngineCounts.describe(s));
            assertEquals(0, count(s, Counters.FAILED), EngineCounts.describe(s));
            assertEquals(peerResets, count(s, Counters.PEER_RESETS), EngineCounts.describe(s));
        }
    }

    @Test
    void anIdleServerClosesOnlyAfterItsIdleTimeout() throws Exception {
        long idleMs = 1_000; // far above a warm exchange's time, so a server that does not wait shows
        try (ServerEngine server = server(CloseOrder.SERVER_IDLE, RESPONSE_BYTES, PATIENT_TIMEOUT_MS, idleMs)) {
            for (int connection = 1; connection <= 2; connection++) { // the first also warms the server up
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(LOOPBACK, port(server)));
                    Trace trace = BlockingPeer.call(socket, CloseOrder.SERVER_IDLE, REQUEST_BYTES, RESPONSE_BYTES);
                    assertEquals(List.of(sent(REQUEST_BYTES), received(RESPONSE_BYTES), of(Kind.FIN), of(Kind.OWN_FIN)),
                            trace.events());
                    // Its idle time starts after the request arrived: never less than this after it was sent.
                    long waitedMs = trace.msBetween(Kind.SENT, Kind.FIN);
                    assertTrue(waitedMs >= idleMs, "connection " + connection + ": the server's FIN came " + waitedMs
                            + " ms after the request, before its idle timeout of " + idleMs + " ms");
                }
            }
        }
    }

    // ---- helpers ----

    private ClientSpec clientSpec(int port, CloseOrder order, long ratePerSecond, long durationMs, int maxInFlight,
            int responseBytes, long timeoutMs) {
        return new ClientSpec(transport(), LOOPBACK, List.of(port), List.of(LOOPBACK), order, ClientBind.NONE, null,
                ratePerSecond, durationMs, maxInFlight, REQUEST_BYTES, responseBytes, timeoutMs, THREADS, 0);
    }

    private ServerEngine server(CloseOrder order, int responseBytes, long timeoutMs) {
        return server(order, responseBytes, timeoutMs, IDLE_TIMEOUT_MS);
    }

    /** A server on an ephemeral port of 127.0.0.1, past its warm-up: the scenario's close order, counts from zero. */
    private ServerEngine server(CloseOrder order, int responseBytes, long timeoutMs, long idleMs) {
        ServerEngine server = ServerEngine.start(new ServerSpec(transport(), LOOPBACK, 0, 1, true, 0, order,
                REQUEST_BYTES, responseBytes, timeoutMs, idleMs, THREADS));
        server.markLoadStart();
        return server;
    }

    private static int port(ServerEngine server) {
        return server.listenerPorts().get(0);
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
    }

    private static void assertClient(ClientEngine client, Counter counter, long expected, String why) {
        ClientEngine.Snapshot s = client.snapshot();
        assertEquals(expected, count(s, counter), why + ": " + EngineCounts.describe(s));
    }

    private static void awaitFinished(ClientEngine client) {
        await(client::finished, Boolean::booleanValue, finished -> EngineCounts.describe(client.snapshot()),
                "the client's loops finished");
    }

    private static ClientEngine.Snapshot awaitClient(ClientEngine client, Predicate<ClientEngine.Snapshot> done,
            String what) {
        return await(client::snapshot, done, EngineCounts::describe, what);
    }

    private static ServerEngine.Snapshot awaitServer(ServerEngine server, Predicate<ServerEngine.Snapshot> done,
            String what) {
        return await(server::snapshot, done, EngineCounts::describe, what);
    }

    /** Polls until {@code done}; only a stalled machine reaches the bound. */
    private static <T> T await(Supplier<T> read, Predicate<T> done, Function<T, String> describe, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T state = read.get();
            if (done.test(state)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT.toSeconds() + " s: " + what + "; last seen " + describe.apply(state));
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
