package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.agent.AgentExitedException;
import dev.twbench.loadgen.agent.AgentHost;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.agent.MessageCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection to a long-lived agent ({@code twbench agent --listen}), authenticated both ways:
 * what {@code AgentProcess} is to a local agent, over TCP. The orchestrator holds one per agent
 * for a run; a client agent opens one to its server agent to learn what it announced.
 *
 * <pre>{@code
 * try (RemoteAgent server = RemoteAgent.connect(endpoint, token, Duration.ofSeconds(5))) {
 *     AgentClock clock = server.measureClock(5);
 *     Message.Ready ready = server.call(new Message.StartServer(spec), Message.Ready.class, timeout);
 *     ...
 * }   // Exit: the agent ends the run and waits for the next
 * }</pre>
 */
public final class RemoteAgent implements AutoCloseable {
    /**
     * How long the agent may take to complete the handshake once connected: an agent that has
     * just started on a busy host loads its classes on its first one (seen: over 5 s in CI).
     */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private final AgentEndpoint endpoint;
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RemoteAgent(AgentEndpoint endpoint, Socket socket, BufferedReader in, OutputStream out, String name) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.name = name;
    }

    /**
     * Connects and completes the handshake.
     *
     * @throws AgentUnreachableException nothing answers there (the address says which), or it did
     *         not complete the handshake within {@link #HANDSHAKE_TIMEOUT}
     * @throws AgentRefusedException     the agent refused the token, or is not a twbench agent
     */
    public static RemoteAgent connect(AgentEndpoint endpoint, AgentToken token, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(socket);
            throw new AgentUnreachableException(endpoint, e);
        }
        try {
            socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            Message.Welcome welcome = Handshake.asPeer(in, line -> write(out, line), token, endpoint.toString());
            return new RemoteAgent(endpoint, socket, in, out, welcome.name());
        } catch (IOException e) {
            // No answer in time, or the connection broke: not a refusal of the token. An agent still
            // starting up (a busy host) is tried again while --agent-wait lasts.
            closeQuietly(socket);
            throw new AgentUnreachableException(endpoint, new IOException("no handshake: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** The name the agent gave itself ({@code --name}, or its host name). */
    public String name() {
        return name;
    }

    /** The address this connection reached the agent at. */
    public String connectedAddress() {
        return socket.getInetAddress().getHostAddress();
    }

    /**
     * Sends {@code request} and waits for the reply.
     *
     * @throws AgentExitedException the agent closed the connection (it died, or was ended)
     * @throws AgentException       it answered {@link Message.Failed} or something else, or not in time
     */
    public synchronized <T extends Message> T call(Message request, Class<T> replyType, Duration timeout) {
        String line;
        try {
            write(out, MessageCodec.toLine(request));
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            line = in.readLine();
        } catch (SocketTimeoutException e) {
            throw new AgentException("the agent at " + endpoint + " did not answer "
                    + request.getClass().getSimpleName() + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw exited(e.getMessage());
        }
        if (line == null) {
            throw exited("closed the connection");
        }
        Message reply = MessageCodec.fromLine(line);
        if (reply instanceof Message.Failed failed) {
            throw new AgentException("the agent at " + endpoint + " failed: " + failed.error());
        }
        if (!replyType.isInstance(reply)) {
            throw new AgentException("the agent at " + endpoint + " answered " + reply + " to " + request);
        }
        return replyType.cast(reply);
    }

    /** The agent's clock against this one: the best of {@code rounds} exchanges (shortest round trip). */
    public AgentClock measureClock(int rounds, Duration timeout) {
        AgentClock best = null;
        for (int i = 0; i < rounds; i++) {
            long sentUs = AgentHost.epochMicros();
            Message.ClockReply reply = call(new Message.ClockRequest(), Message.ClockReply.class, timeout);
            AgentClock clock = AgentClock.of(sentUs, reply.epochUs(), AgentHost.epochMicros());
            if (best == null || clock.roundTripUs() < best.roundTripUs()) {
                best = clock;
            }
        }
        return best;
    }

    private AgentExitedException exited(String how) {
        return new AgentExitedException("the agent at " + endpoint + " (" + name + ") " + how, how);
    }

    /** Ends the run on the agent (Exit), which then waits for the next, and closes the connection. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            write(out, MessageCodec.toLine(new Message.Exit()));
        } catch (RuntimeException e) {
            // gone already
        }
        closeQuietly(socket);
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new AgentExitedException("the connection to the agent broke: " + e.getMessage(), "closed the connection");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
