package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.engine.AnnouncedTarget;
import dev.twbench.loadgen.engine.ClientEngine;
import dev.twbench.loadgen.engine.ServerEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The role-specific half of an agent, chosen by the first request of a run: twbench's server, its
 * client, or the user's command on either side. {@link AgentSession} holds one for the length of
 * a run and hands it every request that is about the load.
 */
interface AgentRole extends AutoCloseable {
    /**
     * @param announced where a remote client agent's server agent listens (its load goes only
     *                  there); null for a local agent, whose engine allows only the lab's link
     */
    static AgentRole start(Message first, AnnouncedTarget announced) {
        if (first instanceof Message.StartServer s) {
            return new ServerRole(ServerEngine.start(s.spec()));
        }
        if (first instanceof Message.StartClient c) {
            ClientEngine engine = announced == null ? new ClientEngine(c.spec()) : new ClientEngine(c.spec(), announced);
            return new ClientRole(engine, c.spec().warmupMs());
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

    /**
     * The server side when the user's command serves ({@code --server-cmd}): the agent runs it, and
     * stays for the run so that the namespace has a process of twbench's to read from and to end
     * the command on every path. Its samples carry no engine counts (the kernel's say what
     * happened), unless twbench's own server runs behind the command as its {@code {backend}}.
     */
    record ServerCommandRole(CommandProcess command, int port, ServerEngine backend) implements AgentRole {
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

    record ServerRole(ServerEngine server) implements AgentRole {
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
    final class ClientCommandRole implements AgentRole {
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

    record ClientRole(ClientEngine client, long warmupMs) implements AgentRole {
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
            if (request instanceof Message.Go go) {
                AgentHost.sleepUntil(go.atEpochUs());
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
