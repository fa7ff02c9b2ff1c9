package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.engine.AnnouncedTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One orchestrator's conversation with an agent: the {@link Message} lines of one run, from its
 * first request to {@link Message.Exit} or the end of the stream. A local agent has exactly one,
 * over its stdin and stdout; a long-lived agent ({@code twbench agent --listen}) has one per TCP
 * connection, and goes back to waiting when it ends.
 *
 * <pre>{@code
 * try (AgentSession session = new AgentSession(AgentSession.Options.LOCAL)) {
 *     AgentSession.End end = session.serve(reader, line -> out.println(line));
 * }   // the role (engine, command) is ended and any sysctl it applied restored
 * }</pre>
 */
public final class AgentSession implements AutoCloseable {
    /** How a session ended: the orchestrator said Exit, or its stream ended (it died, or hung up). */
    public enum End { EXIT_REQUESTED, PEER_GONE }

    /**
     * What the process serving the session lets it do.
     *
     * @param host the long-lived agent's host (its readings, its run slot, its sysctls, its
     *             server's announcement); null for a lab agent
     */
    public record Options(AgentHost host) {
        /** A lab agent: the orchestrator reads its side, and its engine loads only the lab's link. */
        public static final Options LOCAL = new Options(null);

        /** A long-lived agent on {@code host}. */
        public static Options onHost(AgentHost host) {
            return new Options(Objects.requireNonNull(host));
        }

        /**
         * The agent serves runs over the network: samples carry its host's own readings, a client
         * checks its target with the server agent, and the user's client command is refused
         * (twbench cannot check where it sends load).
         */
        public boolean remote() {
            return host != null;
        }
    }

    private final Options options;
    private volatile AgentRole role;

    public AgentSession(Options options) {
        this.options = options;
    }

    /** Answers requests read from {@code requests} through {@code replies}, one line each, until the end. */
    public End serve(BufferedReader requests, Consumer<String> replies) throws IOException {
        for (String line; (line = requests.readLine()) != null; ) {
            Message request = MessageCodec.fromLine(line);
            if (request instanceof Message.Exit) {
                return End.EXIT_REQUESTED;
            }
            Message reply;
            try {
                reply = answer(request);
            } catch (RuntimeException e) {
                e.printStackTrace();
                reply = new Message.Failed(oneLine(e));
            }
            replies.accept(MessageCodec.toLine(reply));
        }
        return End.PEER_GONE;
    }

    private Message answer(Message request) {
        if (request instanceof Message.ClockRequest) {
            return new Message.ClockReply(AgentHost.epochMicros());
        }
        if (request instanceof Message.AnnounceRequest) {
            return options.host() == null ? Message.Announcement.none() : options.host().announcement();
        }
        if (request instanceof Message.ApplySysctls apply) {
            return requireHost("sysctls").applySysctls(this, apply.values());
        }
        AgentRole current = role;
        if (current != null) {
            Message reply = current.handle(request);
            return options.remote() && reply instanceof Message.AgentSample sample
                    ? sample.withHost(options.host().readings()) : reply;
        }
        return start(request);
    }

    /** The run's first request: the role it asks for, checked first where the agent is remote. */
    private Message start(Message first) {
        AnnouncedTarget announced = null;
        if (options.remote()) {
            AgentHost host = options.host();
            announced = host.checkCanStart(first);
            host.claimRun(this);
        }
        AgentRole started = AgentRole.start(first, announced);
        role = started;
        Message.Ready ready = new Message.Ready(ProcessHandle.current().pid(), started.listenerPorts(),
                started.listenerOptions(), started.commandPid());
        if (options.remote()) {
            options.host().started(first, ready);
        }
        return ready;
    }

    private AgentHost requireHost(String what) {
        if (options.host() == null) {
            throw new IllegalStateException("a local agent does not set " + what + ": the lab does");
        }
        return options.host();
    }

    /** Nobody will end what this session started: end it now (the process halts next). */
    public void orphaned() {
        AgentRole current = role;
        if (current != null) {
            current.orphaned();
        }
    }

    /** Ends the role, then gives the host back what the run took (sysctls, the run slot). */
    @Override
    public void close() {
        AgentRole current = role;
        role = null;
        try {
            if (current != null) {
                current.close();
            }
        } finally {
            if (options.host() != null) {
                options.host().runEnded(this, current != null);
            }
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
