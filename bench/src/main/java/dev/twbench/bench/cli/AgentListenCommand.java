package dev.twbench.bench.cli;

import dev.twbench.loadgen.remote.AgentEndpoint;
import dev.twbench.loadgen.remote.AgentServer;
import dev.twbench.loadgen.remote.AgentToken;
import dev.twbench.loadgen.remote.AllowList;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code agent}: a long-lived agent on this host, serving runs from orchestrators that hold the token. */
@Command(name = "agent", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = false,
        headerHeading = "", header = "Serve runs on this host: twbench's server or a share of the client load.",
        description = {
                "Listens for an orchestrator ('run --server-agent/--client-agent') and serves one run at a time:",
                "as the server agent it runs twbench's server (or --server-cmd); as a client agent, its share of the",
                "load, sent only to addresses the run's server agent announced as its own. Every connection is",
                "authenticated both ways by HMAC-SHA256 over fresh nonces; the token never travels. Each sample",
                "carries this host's kernel counters (its network namespace's sockstat and netstat) and this JVM's",
                "memory. An orchestrator that dies or hangs up ends its run here at once.",
                ""},
        footer = {"", "Examples:",
                "  head -c 32 /dev/urandom | xxd -p > token        # the same file on every host",
                "  agent --listen 0.0.0.0:7070 --token-file token --allow 10.0.0.0/8",
                "  agent --listen 0.0.0.0:7070 --token-file token --allow-sysctl   # runs may set net.* here",
                "",
                "Exit codes: 0 --runs served (or stopped), 2 bad input (also: the address cannot be bound)."})
final class AgentListenCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", required = true,
            description = "where to listen for orchestrators, e.g. 0.0.0.0:7070")
    private String listen;

    @Option(names = "--token-file", paramLabel = "FILE", required = true,
            description = "the shared secret (at least 16 characters), the same file the orchestrator is given")
    private Path tokenFile;

    @Option(names = "--allow", paramLabel = "CIDR",
            description = "accept connections only from this network (repeatable; default: any, the token being the gate)")
    private List<String> allow = new ArrayList<>();

    @Option(names = "--allow-sysctl",
            description = "let a run set per-namespace sysctls (the keys 'run --sysctl' accepts) on this host;"
                    + " they are restored when the run ends. Without it such a run is refused.")
    private boolean allowSysctl;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "0",
            description = "exit after serving N runs (a Kubernetes Job's pods then complete); default: no limit")
    private int runs;

    @Option(names = "--name", paramLabel = "NAME",
            description = "how this agent names itself to orchestrators (default: the host name)")
    private String name;

    @Override
    public Integer call() throws Exception {
        AgentEndpoint endpoint = AgentEndpoint.parse("--listen", listen);
        AgentToken token = AgentToken.read("--token-file", tokenFile);
        AllowList allowList = AllowList.parse("--allow", allow);
        if (runs < 0) {
            throw InvalidScenarioException.of("--runs", runs, "must be 0 (no limit) or more");
        }
        // The same JVM settings as the lab's agents: IPv4 sockets, io_uring's single-shot polls.
        System.setProperty("java.net.preferIPv4Stack", "true");
        System.setProperty("io.netty.iouring.pollAddMultishotEnabled", "false");
        String agentName = name != null ? name : InetAddress.getLocalHost().getHostName();
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        AgentServer server;
        try {
            server = AgentServer.start(new AgentServer.Config(endpoint, token, allowList, allowSysctl, runs, agentName), log);
        } catch (IOException e) {
            throw InvalidScenarioException.of("--listen", listen, e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "agent-stop"));
        String index = System.getenv("JOB_COMPLETION_INDEX");
        spec.commandLine().getOut().println("twbench agent " + agentName + ": listening on " + endpoint.host() + ":"
                + server.port() + " (allows " + allowList + (allowSysctl ? "; runs may set sysctls" : "")
                + (index == null ? "" : "; JOB_COMPLETION_INDEX " + index) + ")");
        spec.commandLine().getOut().flush();
        server.awaitEnd();
        return 0;
    }
}
