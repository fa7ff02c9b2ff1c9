package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.engine.ClientEngine;
import dev.twbench.loadgen.engine.ServerEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent process: the server or the client of a run, started by the orchestrator inside its
 * side of the lab. It answers the {@link Message} protocol on stdin/stdout until told to exit
 * or until stdin ends, which is how it notices that the orchestrator has died: it then exits at
 * once. {@link ParentWatch} covers the times the agent is too busy to read stdin. Anything it
 * logs goes to stderr (the orchestrator saves it as agent-&lt;side&gt;.log).
 */
public final class AgentMain {
    /** The exit code of an agent whose orchestrator vanished. */
    static final int EXIT_ORPHANED = 3;

    private AgentMain() {
    }

    /** The agent, once started: what an orphaned agent must end before it halts (a server command). */
    private static volatile Agent current;

    public static void main(String[] args) throws IOException {
        ParentWatch.start(EXIT_ORPHANED, AgentMain::endOrphaned);
        // SIGTERM (the orchestrator's fallback when Exit goes unanswered) runs the hooks, not main's finally.
        Runtime.getRuntime().addShutdownHook(new Thread(AgentMain::endOrphaned, "end-started-processes"));
        PrintStream protocol = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout carries only protocol lines
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Agent agent = null;
        boolean exitRequested = false;
        try {
            for (String line; (line = requests.readLine()) != null; ) {
                Message request = MessageCodec.fromLine(line);
                if (request instanceof Message.Exit) {
                    exitRequested = true;
                    break;
                }
                Message reply;
                try {
                    if (agent == null) {
                        agent = Agent.start(request);
                        current = agent;
                        reply = new Message.Ready(ProcessHandle.current().pid(), agent.listenerPorts(),
                                agent.listenerOptions(), agent.commandPid());
                    } else {
                        reply = agent.handle(request);
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    reply = new Message.Failed(oneLine(e));
                }
                protocol.println(MessageCodec.toLine(reply));
                protocol.flush();
            }
            if (!exitRequested) {
                // stdin ended without Exit: the orchestrator is gone (SIGKILL, a crash). Nobody will
                // read our samples or end us, so leave at once: the kernel closes every socket, and
                // a graceful engine shutdown could take up to a second we do not need to spend.
                System.err.println("twbench agent: the orchestrator is gone (stdin closed); exiting");
                endOrphaned();
                Runtime.getRuntime().halt(EXIT_ORPHANED);
            }
        } finally {
            if (agent != null) {
                agent.close();
            }
            protocol.flush();
            // Event loop threads are not daemons; leave now that the orchestrator is done with us.
            System.exit(0);
        }
    }

    /** Nobody will end what this agent started: end it now (sockets the kernel closes by itself). */
    private static void endOrphaned() {
        Agent agent = current;
        if (agent != null) {
            agent.orphaned();
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** The role-specific half of an agent. */
    private interface Agent extends AutoCloseable {
        static Agent start(Message first) {
            if (first instanceof Message.StartServer s) {
                return new ServerRole(ServerEngine.start(s.spec()));
            }
            if (first instanceof Message.StartClient c) {
                return new ClientRole(new ClientEngine(c.spec()), c.spec().warmupMs());
            }
            if (first instanceof Message.StartCommand c) {
                ServerEngine backend = c.backend() == null ? null : ServerEngine.start(c.backend());
                try {
                    return new ServerCommandRole(CommandProcess.startServer(c), c.port(), backend);
                } catch (RuntimeException e) {
                    if (backend != null) {
                        backend.close();
                    }
                    throw e;
                }
            }
            if (first instanceof Message.StartClientCommand c) {
                return new ClientCommandRole(c);
            }
            throw new IllegalStateException("the first message must start the server or the client, not " + first);
        }

        /** The server's listening ports, in listener order; a client has none. */
        default List<Integer> listenerPorts() {
            return List.of();
        }

        /** The listening sockets' options as the kernel reports them; none for a client or a command. */
        default Map<String, Boolean> listenerOptions() {
            return Map.of();
        }

        Message handle(Message request);

        /** The server command's pid ({@code --server-cmd}); -1 for twbench's own engines. */
        default long commandPid() {
            return -1;
        }

        /** The orchestrator is gone and the agent halts next: end at once what would outlive it. */
        default void orphaned() {
        }

        @Override
        void close();
    }

    /**
     * The server side when the user's command serves ({@code --server-cmd}): the agent runs it, and
     * stays for the run so that the namespace has a process of twbench's to read from and to end
     * the command on every path. Its samples carry no engine counts (the kernel's say what
     * happened), unless twbench's own server runs behind the command as its {@code {backend}}.
     */
    private record ServerCommandRole(CommandProcess command, int port, ServerEngine backend) implements Agent {
        @Override
        public List<Integer> listenerPorts() {
            return List.of(port);
        }

        @Override
        public long commandPid() {
            return command.pid();
        }

        @Override
        public Message handle(Message request) {
            if (request instanceof Message.SampleRequest) {
                // Behind a proxy, twbench's server counts the proxy's connections to it.
                return backend == null ? Message.AgentSample.ofNoEngine() : Message.AgentSample.of(backend.snapshot());
            }
            if (request instanceof Message.Go) {
                if (backend != null) {
                    backend.markLoadStart();
                }
                return new Message.Ack();
            }
            if (request instanceof Message.Stop) {
                return new Message.Ack();
            }
            throw new IllegalStateException("the server command's agent does not handle " + request);
        }

        @Override
        public void orphaned() {
            command.kill();
        }

        @Override
        public void close() {
            command.close();
            if (backend != null) {
                backend.close();
            }
        }
    }

    private record ServerRole(ServerEngine server) implements Agent {
        @Override
        public List<Integer> listenerPorts() {
            return server.listenerPorts();
        }

        @Override
        public Map<String, Boolean> listenerOptions() {
            return server.listenerOptions();
        }

        @Override
        public Message handle(Message request) {
            if (request instanceof Message.SampleRequest) {
                return Message.AgentSample.of(server.snapshot());
            }
            if (request instanceof Message.Go) {
                server.markLoadStart();
                return new Message.Ack();
            }
            if (request instanceof Message.Stop) {
                return new Message.Ack();
            }
            throw new IllegalStateException("the server agent does not handle " + request);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * The client side when the user's command is the client ({@code --client-cmd}): started at Go,
     * ended at Stop, at its duration, or with the agent. Its samples say when it has finished, which
     * ends the load.
     */
    private static final class ClientCommandRole implements Agent {
        private final Message.StartClientCommand request;
        private final ScheduledExecutorService deadline = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "client-command-deadline");
            t.setDaemon(true);
            return t;
        });
        private volatile CommandProcess command;
        private volatile long goNs;
        private volatile long endedNs = -1;

        ClientCommandRole(Message.StartClientCommand request) {
            this.request = request;
        }

        @Override
        public long commandPid() {
            CommandProcess c = command;
            return c == null ? -1 : c.pid();
        }

        @Override
        public Message handle(Message request) {
            if (request instanceof Message.SampleRequest) {
                return sample();
            }
            if (request instanceof Message.Go) {
                goNs = System.nanoTime();
                command = CommandProcess.start(this.request.command(), Path.of(this.request.log()),
                        "the client command");
                deadline.schedule(this::end, this.request.durationMs(), TimeUnit.MILLISECONDS);
                return new Message.Ack();
            }
            if (request instanceof Message.Stop) {
                end();
                return new Message.Ack();
            }
            throw new IllegalStateException("the client command's agent does not handle " + request);
        }

        private Message.AgentSample sample() {
            CommandProcess c = command;
            if (c == null) {
                return Message.AgentSample.ofCommand(0, false);
            }
            boolean finished = !c.running();
            if (finished && endedNs < 0) {
                endedNs = System.nanoTime();
                System.err.println("the client command ended with status " + c.exitStatus());
            }
            return Message.AgentSample.ofCommand((finished ? endedNs : System.nanoTime()) - goNs, finished);
        }

        private void end() {
            CommandProcess c = command;
            if (c != null && c.running()) {
                c.close();
            }
        }

        @Override
        public void orphaned() {
            CommandProcess c = command;
            if (c != null) {
                c.kill();
            }
        }

        @Override
        public void close() {
            deadline.shutdownNow();
            CommandProcess c = command;
            if (c != null) {
                c.close();
            }
        }
    }

    private record ClientRole(ClientEngine client, long warmupMs) implements Agent {
        @Override
        public Message handle(Message request) {
            if (request instanceof Message.SampleRequest asked) {
                return Message.AgentSample.of(client.snapshot(), asked);
            }
            if (request instanceof Message.WarmUp) {
                client.startWarmUp();
                return new Message.Ack();
            }
            if (request instanceof Message.EndWarmUp) {
                long warmed = client.endWarmUp();
                System.err.println("warm-up: " + warmed + " abortive cycles completed in " + warmupMs + " ms");
                return new Message.WarmedUp(warmed);
            }
            if (request instanceof Message.Go) {
                client.start();
                return new Message.Ack();
            }
            if (request instanceof Message.Stop) {
                client.stop();
                return new Message.Ack();
            }
            throw new IllegalStateException("the client agent does not handle " + request);
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
