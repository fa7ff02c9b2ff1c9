package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.CloseStep;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The other end of one engine connection, in plain blocking java.net code: it plays the close
 * order's other side and records, in order, what it did and what it saw. The engine's FIN shows
 * as read() returning -1, its RST as the read failing with ECONNRESET, and an engine that waits
 * as a quiet spell: nothing at all within {@link #QUIET}.
 *
 * <pre>{@code
 * Trace t = BlockingPeer.serve(serverSocket.accept(), CloseOrder.SERVER_FIRST, 100, 1000);  // the engine is the client
 * // t.events(): [RECEIVED 100 B, SENT 1000 B, QUIET, OWN_FIN, FIN]
 * }</pre>
 *
 * <p>Where the engine's step closes without waiting for this peer, the peer waits for it and sees
 * its FIN or RST before doing anything itself. Where the engine's step waits, the peer first
 * listens for {@link #QUIET} (the engine must not close in it), then takes its own step (a FIN by
 * shutdown, or an RST by SO_LINGER 0) and sees the engine's answer. A slow machine can only
 * lengthen the engine's reaction, never make a waiting engine close, so the quiet spell cannot
 * fail a correct engine.
 */
final class BlockingPeer {
    /** How long the peer listens for an engine that must wait before it takes its own step. */
    static final Duration QUIET = Duration.ofMillis(200);
    /** How long the peer waits for something that must come: a bound, never an expectation. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    enum Kind {
        /** Bytes of the engine's message (or more after it). */
        RECEIVED,
        SENT,
        /** Nothing arrived within {@link #QUIET}: the engine waited. */
        QUIET,
        /** The engine's FIN: read() returned -1. */
        FIN,
        /** The engine's RST: the read failed with ECONNRESET. */
        RST,
        /** This peer's FIN: shutdownOutput(), or close() with its output still open. */
        OWN_FIN,
        /** This peer's RST: close() with SO_LINGER 0. */
        OWN_RST,
        /** Nothing arrived within {@link #PATIENCE}. */
        NOTHING
    }

    /** One thing done or seen; {@code bytes} only for {@link Kind#RECEIVED} and {@link Kind#SENT}. */
    record Event(Kind kind, int bytes) {
        static Event received(int bytes) {
            return new Event(Kind.RECEIVED, bytes);
        }

        static Event sent(int bytes) {
            return new Event(Kind.SENT, bytes);
        }

        static Event of(Kind kind) {
            return new Event(kind, 0);
        }

        @Override
        public String toString() {
            return bytes == 0 ? kind.name() : kind.name() + " " + bytes + " B";
        }
    }

    /** What the peer did and saw, each with when (own acts: just before; sightings: just after). */
    record Trace(List<Event> events, List<Long> atNs) {
        /** Milliseconds from the first event of one kind to the first of another. */
        long msBetween(Kind from, Kind to) {
            return TimeUnit.NANOSECONDS.toMillis(at(to) - at(from));
        }

        /** When the first event of this kind was recorded ({@link System#nanoTime()}). */
        long at(Kind kind) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).kind() == kind) {
                    return atNs.get(i);
                }
            }
            throw new AssertionError("no " + kind + " in " + events);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final List<Event> events = new ArrayList<>();
    private final List<Long> atNs = new ArrayList<>();
    private boolean finSeen;
    private boolean reset;
    private boolean outputShut;

    private BlockingPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Plays the server for a client engine on an accepted socket, and closes it. */
    static Trace serve(Socket accepted, CloseOrder order, int requestBytes, int responseBytes) throws IOException {
        BlockingPeer peer = new BlockingPeer(accepted);
        try (accepted) {
            CloseStep engine = order.step(Side.CLIENT);
            if (peer.receive(requestBytes)) {
                if (engine == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF) {
                    peer.observe(PATIENCE, Kind.NOTHING); // the request ends with the client's FIN
                }
                peer.send(responseBytes);
                peer.close(engine, order.step(Side.SERVER));
            }
            return peer.finish();
        }
    }

    /** Plays the client for a server engine on a connected socket, and closes it. */
    static Trace call(Socket connected, CloseOrder order, int requestBytes, int responseBytes) throws IOException {
        BlockingPeer peer = new BlockingPeer(connected);
        try (connected) {
            CloseStep own = order.step(Side.CLIENT);
            peer.send(requestBytes);
            if (own == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF) {
                peer.observe(QUIET, Kind.QUIET); // no answer before the request's FIN
                peer.shutdownOutput();
            }
            if (peer.receive(responseBytes)) {
                peer.close(order.step(Side.SERVER), own);
            }
            return peer.finish();
        }
    }

    /** Sends {@code bytes} (none for 0), shuts its output down, and waits for what the engine does. */
    static Trace sendThenShutDown(Socket connected, int bytes) throws IOException {
        BlockingPeer peer = new BlockingPeer(connected);
        try (connected) {
            if (bytes > 0) {
                peer.send(bytes);
            }
            peer.shutdownOutput();
            peer.observe(PATIENCE, Kind.NOTHING);
            return peer.finish();
        }
    }

    /** Sends nothing and waits for what the engine does. */
    static Trace silent(Socket connected) throws IOException {
        BlockingPeer peer = new BlockingPeer(connected);
        try (connected) {
            peer.observe(PATIENCE, Kind.NOTHING);
            return peer.finish();
        }
    }

    private void close(CloseStep engine, CloseStep own) throws IOException {
        boolean engineWaits = engine == CloseStep.CLOSE_ON_PEER_EOF
                || engine == CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF;
        if (!engineWaits) {
            observe(PATIENCE, Kind.NOTHING); // its FIN or RST, at once or after its idle time
            return;
        }
        if (!finSeen) {
            observe(QUIET, Kind.QUIET);
        }
        if (reset) {
            return;
        }
        if (own == CloseStep.ABORT_AFTER_EXCHANGE) {
            record(Event.of(Kind.OWN_RST));
            socket.setSoLinger(true, 0);
            socket.close();
            return;
        }
        shutdownOutput();
        if (!finSeen) {
            observe(PATIENCE, Kind.NOTHING); // the engine closes on this peer's FIN
        }
    }

    /** Reads exactly {@code bytes}, unless the engine ends the connection first; true if all came. */
    private boolean receive(int bytes) throws IOException {
        socket.setSoTimeout((int) PATIENCE.toMillis());
        byte[] buffer = new byte[bytes];
        int got = 0;
        Kind end = null;
        while (got < bytes && end == null) {
            try {
                int n = in.read(buffer, got, bytes - got);
                if (n < 0) {
                    end = Kind.FIN;
                } else {
                    got += n;
                }
            } catch (SocketTimeoutException e) {
                end = Kind.NOTHING;
            } catch (SocketException e) {
                end = resetOrThrow(e);
            }
        }
        if (got > 0) {
            seen(Event.received(got));
        }
        if (end != null) {
            seen(Event.of(end));
        }
        return got == bytes;
    }

    /** One read of whatever comes next within {@code wait}; {@code ifNothing} if nothing does. */
    private void observe(Duration wait, Kind ifNothing) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        byte[] buffer = new byte[64 * 1024];
        try {
            int n = in.read(buffer);
            seen(n < 0 ? Event.of(Kind.FIN) : Event.received(n));
        } catch (SocketTimeoutException e) {
            seen(Event.of(ifNothing));
        } catch (SocketException e) {
            seen(Event.of(resetOrThrow(e)));
        }
    }

    private static Kind resetOrThrow(SocketException e) throws SocketException {
        if (Errno.ECONNRESET.name().equals(Failures.classify(e))) {
            return Kind.RST;
        }
        throw e;
    }

    private void send(int bytes) throws IOException {
        record(Event.sent(bytes));
        socket.getOutputStream().write(new byte[bytes]);
        socket.getOutputStream().flush();
    }

    private void shutdownOutput() throws IOException {
        record(Event.of(Kind.OWN_FIN));
        socket.shutdownOutput();
        outputShut = true;
    }

    /** Closes the socket; a close with the output still open sends this peer's FIN. */
    private Trace finish() throws IOException {
        if (!socket.isClosed()) {
            if (!outputShut && !reset) {
                record(Event.of(Kind.OWN_FIN));
            }
            socket.close();
        }
        return new Trace(List.copyOf(events), List.copyOf(atNs));
    }

    /** Something this peer does: stamped before doing it, so the engine's reaction is always later. */
    private void record(Event event) {
        atNs.add(System.nanoTime());
        events.add(event);
    }

    /** Something this peer saw: stamped after seeing it. */
    private void seen(Event event) {
        finSeen |= event.kind() == Kind.FIN;
        reset |= event.kind() == Kind.RST;
        record(event);
    }
}
