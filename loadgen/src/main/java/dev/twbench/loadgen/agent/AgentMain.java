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

    /** The run's session: what an orphaned agent must end before it halts (a server command). */
    private static final AgentSession SESSION = new AgentSession(AgentSession.Options.LOCAL);

    public static void main(String[] args) throws IOException {
        ParentWatch.start(EXIT_ORPHANED, AgentMain::endOrphaned);
        // SIGTERM (the orchestrator's fallback when Exit goes unanswered) runs the hooks, not main's finally.
        Runtime.getRuntime().addShutdownHook(new Thread(AgentMain::endOrphaned, "end-started-processes"));
        PrintStream protocol = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout carries only protocol lines
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            AgentSession.End end = SESSION.serve(requests, line -> {
                protocol.println(line);
                protocol.flush();
            });
            if (end == AgentSession.End.PEER_GONE) {
                // stdin ended without Exit: the orchestrator is gone (SIGKILL, a crash). Nobody will
                // read our samples or end us, so leave at once: the kernel closes every socket, and
                // a graceful engine shutdown could take up to a second we do not need to spend.
                System.err.println("twbench agent: the orchestrator is gone (stdin closed); exiting");
                endOrphaned();
                Runtime.getRuntime().halt(EXIT_ORPHANED);
            }
        } finally {
            SESSION.close();
            protocol.flush();
            // Event loop threads are not daemons; leave now that the orchestrator is done with us.
            System.exit(0);
        }
    }

    /** Nobody will end what this agent started: end it now (sockets the kernel closes by itself). */
    private static void endOrphaned() {
        SESSION.orphaned();
    }
}
