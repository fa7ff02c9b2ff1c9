package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.engine.ClientEngine;
import dev.twbench.loadgen.engine.ServerEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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

    public static void main(String[] args) throws IOException {
        ParentWatch.start(EXIT_ORPHANED);
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
                        reply = new Message.Ready(ProcessHandle.current().pid(), agent.listenerPorts(),
                                agent.listenerOptions());
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
            throw new IllegalStateException("the first message must start the server or the client, not " + first);
        }

        List<Integer> listenerPorts();

        Map<String, Boolean> listenerOptions();

        Message handle(Message request);

        @Override
        void close();
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

    private record ClientRole(ClientEngine client, long warmupMs) implements Agent {
        @Override
        public List<Integer> listenerPorts() {
            return List.of();
        }

        @Override
        public Map<String, Boolean> listenerOptions() {
            return Map.of();
        }

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
                return new Message.Ack();
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
