package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.agent.AgentHost;
import dev.twbench.loadgen.agent.AgentSession;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.agent.MessageCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A long-lived agent ({@code twbench agent --listen}): accepts connections from the networks it
 * allows, authenticates each by challenge and response, and serves each as an {@link AgentSession}
 * (one run at a time; an orchestrator that dies or hangs up ends its run at once, and the agent
 * waits for the next). Client agents of a run connect too, to ask where its server listens.
 *
 * <pre>{@code
 * try (AgentServer agent = AgentServer.start(config, System.err)) {
 *     agent.awaitEnd();          // --runs N served, or close() from a shutdown hook
 * }
 * }</pre>
 */
public final class AgentServer implements AutoCloseable {
    /**
     * @param listen       where to listen, {@code ADDRESS:PORT}
     * @param runs         how many runs to serve before exiting; 0 for no limit
     * @param allowSysctl  whether a run may set per-namespace sysctls on this host
     */
    public record Config(AgentEndpoint listen, AgentToken token, AllowList allow, boolean allowSysctl, int runs,
            String name) {
    }

    /** A session with no request for this long is taken as a vanished orchestrator (a dead network path). */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final Config config;
    private final PrintStream log;
    private final ServerSocket listener;
    private final AgentHost host;
    private final FailureThrottle throttle = new FailureThrottle();
    private final AtomicInteger runsServed = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);

    private AgentServer(Config config, PrintStream log, ServerSocket listener) {
        this.config = config;
        this.log = log;
        this.listener = listener;
        this.host = new AgentHost(config.name(), config.allowSysctl(), this::askServerAgent, this::runEnded);
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IOException the address cannot be bound (taken, not this host's)
     */
    public static AgentServer start(Config config, PrintStream log) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        try {
            listener.bind(new InetSocketAddress(config.listen().host(), config.listen().port()));
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
        // The protocol's classes load now, not during the first orchestrator's handshake.
        MessageCodec.fromLine(MessageCodec.toLine(new Message.Challenge(AgentToken.nonce(), config.name())));
        config.token().mac(Handshake.AGENT, AgentToken.nonce());
        AgentServer server = new AgentServer(config, log, listener);
        Thread accept = new Thread(server::acceptLoop, "agent-accept");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    /** The port bound (the one asked for, or the kernel's choice for port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /** Blocks until the agent has served its {@code --runs} or was closed. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                break; // closed
            }
            Thread t = new Thread(() -> serve(socket), "agent-session-" + socket.getInetAddress().getHostAddress());
            t.setDaemon(true);
            t.start();
        }
        ended.countDown();
    }

    private void serve(Socket socket) {
        InetAddress peer = socket.getInetAddress();
        try (socket) {
            if (!config.allow().admits(peer)) {
                log("refused " + peer.getHostAddress() + ": not in --allow " + config.allow());
                return;
            }
            Thread.sleep(throttle.delayMs(peer));
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream raw = socket.getOutputStream();
            PrintStream out = new PrintStream(raw, false, StandardCharsets.UTF_8);
            Consumer<String> replies = line -> {
                out.print(line + "\n");
                out.flush();
            };
            Handshake.Outcome outcome = Handshake.asAgent(in, replies, config.token(), config.name());
            if (outcome instanceof Handshake.Outcome.Refused refused) {
                int failures = throttle.failed(peer);
                log("refused " + peer.getHostAddress() + ": " + refused.reason() + " (failure " + failures
                        + " in a row from this address; its next attempt waits " + throttle.delayMs(peer) + " ms)");
                return;
            }
            throttle.succeeded(peer);
            try (AgentSession session = new AgentSession(AgentSession.Options.onHost(host))) {
                AgentSession.End end = session.serve(in, replies);
                if (end == AgentSession.End.PEER_GONE) {
                    log("the connection from " + peer.getHostAddress() + " ended without Exit; its run, if any, is ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException e) {
            log("the connection from " + peer.getHostAddress() + " broke (" + e.getMessage() + "); its run, if any, is ended");
        } catch (IOException e) {
            log("the connection from " + peer.getHostAddress() + " failed: " + e.getMessage());
        }
    }

    /** A client agent's check: what the run's server agent announced, asked of it with this agent's token. */
    private Message.Announcement askServerAgent(String serverAgent) {
        AgentEndpoint endpoint = AgentEndpoint.parse("serverAgent", serverAgent);
        try (RemoteAgent server = RemoteAgent.connect(endpoint, config.token(), ASK_TIMEOUT)) {
            return server.call(new Message.AnnounceRequest(), Message.Announcement.class, ASK_TIMEOUT);
        }
    }

    private void runEnded(boolean ranLoad) {
        if (!ranLoad) {
            return;
        }
        int served = runsServed.incrementAndGet();
        boolean done = config.runs() > 0 && served >= config.runs();
        log("run " + served + " ended; " + (done ? "--runs " + config.runs() + " served, exiting" : "waiting for the next"));
        if (done) {
            close();
        }
    }

    private void log(String line) {
        log.println(Instant.now() + " twbench agent " + config.name() + ": " + line);
        log.flush();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        ended.countDown();
    }
}
