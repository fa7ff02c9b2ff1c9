package dev.twbench.bench.cli;

import dev.twbench.loadgen.scenario.AgentCpus;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import dev.twbench.loadgen.scenario.AgentThreads;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Durations;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.LabCommand;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.NatMode;
import dev.twbench.loadgen.scenario.PortRange;
import dev.twbench.loadgen.scenario.Protocol;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.RouterSysctl;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sweep.Matrix;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import dev.twbench.loadgen.scenario.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of one run, shared by {@code run} and {@code sweep} (a picocli mixin). Values are
 * kept as typed and parsed by {@link #scenario()}, so every error names the flag and the value.
 */
public final class RunOptions {
    @Option(names = "--close", paramLabel = "ORDER", defaultValue = "client-first",
            description = "who closes, and how (default: ${DEFAULT-VALUE}): client-first / server-first = that side"
                    + " sends the first FIN and holds TIME_WAIT; simultaneous = both close at once, the kernel decides;"
                    + " client-rst / server-rst = SO_LINGER 0, an RST, no TIME_WAIT, the peer reads ECONNRESET;"
                    + " half-close = the client shuts down its output after the request (TIME_WAIT: client);"
                    + " server-idle = the server closes after --idle-timeout (TIME_WAIT: server)")
    private String close;

    @Option(names = "--protocol", paramLabel = "raw|http1|connect", defaultValue = "raw",
            description = "what twbench's client and server say on each connection (default: ${DEFAULT-VALUE}):"
                    + " raw = --request-bytes, then --response-bytes; http1 = HTTP/1.1 GET --http-path, answered 200"
                    + " with --response-bytes of body, a response outside 2xx failing as HTTP_<status>; connect ="
                    + " nothing, the connection itself is the exchange (connect() done, accept()ed), then the close"
                    + " order: churn against any TCP server")
    private String protocol;

    @Option(names = "--http-path", paramLabel = "PATH", defaultValue = "/",
            description = "what the http1 client GETs (default: ${DEFAULT-VALUE})")
    private String httpPath;

    @Option(names = "--requests-per-connection", paramLabel = "N", defaultValue = "1",
            description = "http1: requests one after another on each connection before its close; the last says"
                    + " Connection: close when the close order has the server close first. --rate stays new"
                    + " connections per second (default: ${DEFAULT-VALUE})")
    private String requestsPerConnection;

    @Option(names = "--server-cmd", paramLabel = "COMMAND",
            description = "your server in place of twbench's: run with sh -c inside the server namespace, {address},"
                    + " {port} (--server-port) and {dir} (the run folder) filled in first; the run starts once it"
                    + " listens there and ends it, and everything it started, on every path. Its output goes to"
                    + " server-cmd.log. Other {word}s are an error; shell variables are ${VAR}")
    private String serverCmd;

    @Option(names = "--client-cmd", paramLabel = "COMMAND",
            description = "your client in place of twbench's: run with sh -c inside the client namespace from Go, {server},"
                    + " {port} and {dir} (the run folder) filled in; the load lasts as long as it runs, at most"
                    + " --duration. Its output goes to client-cmd.log. Options only twbench's client has are refused"
                    + " with it: --rate, --max-in-flight, --request-bytes, --timeout, --client-bind,"
                    + " --client-port-range, --client-addresses, --requests-per-connection, --http-path, --warmup")
    private String clientCmd;

    /** What twbench's own client does, and so what a --client-cmd run has no use for. */
    private static final List<String> CLIENT_ONLY = List.of("--rate", "--max-in-flight", "--request-bytes", "--timeout",
            "--client-bind", "--client-port-range", "--client-addresses", "--requests-per-connection", "--http-path",
            "--warmup");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--server-ready-timeout", paramLabel = "TIME", defaultValue = "10s",
            description = "how long --server-cmd has to listen on {address}:{port} (default: ${DEFAULT-VALUE})")
    private String serverReadyTimeout;

    @Option(names = "--rate", paramLabel = "CPS|max", defaultValue = "1000",
            description = "new connections per second on an open-loop schedule (a slow server shows as latency and"
                    + " late attempts, not as less load), or 'max' for a closed loop (default: ${DEFAULT-VALUE})")
    private String rate;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s",
            description = "how long new attempts are scheduled, with a unit: 500ms, 10s, 2m (default: ${DEFAULT-VALUE})")
    private String duration;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "100ms",
            description = "sampling interval of each side's sockstat tw, TcpExt counters and agent counters"
                    + " (default: ${DEFAULT-VALUE})")
    private String interval;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "256",
            description = "cap on connections open at once, i.e. on the client's file descriptors; attempts held"
                    + " back start late and are counted (default: ${DEFAULT-VALUE})")
    private String maxInFlight;

    @Option(names = "--request-bytes", paramLabel = "BYTES", defaultValue = "64",
            description = "bytes the client sends per connection (default: ${DEFAULT-VALUE})")
    private String requestBytes;

    @Option(names = "--response-bytes", paramLabel = "BYTES", defaultValue = "256",
            description = "bytes the server answers; the client reads all of them before any close, since closing"
                    + " with unread data sends RST, not FIN (default: ${DEFAULT-VALUE})")
    private String responseBytes;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "5s",
            description = "an attempt not finished after this long fails as TIMEOUT (default: ${DEFAULT-VALUE})")
    private String timeout;

    @Option(names = "--idle-timeout", paramLabel = "TIME", defaultValue = "100ms",
            description = "server-idle: how long the server keeps a connection idle before closing it, as HTTP"
                    + " servers do with keep-alive; every connection stays open that long, so the rate is at most"
                    + " --max-in-flight / idle (default: ${DEFAULT-VALUE}, at most half of --timeout)")
    private String idleTimeout;

    @Option(names = "--transport", paramLabel = "direct|epoll|io_uring|nio", defaultValue = "direct",
            description = "the I/O both agents use: direct is twbench's own epoll loop over raw sockets (the fastest);"
                    + " epoll and io_uring are Netty's native transports; nio is the JDK's (which cannot"
                    + " set IP_BIND_ADDRESS_NO_PORT or IP_LOCAL_PORT_RANGE) (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--server-reuseaddr", paramLabel = "on|off", defaultValue = "on",
            description = "SO_REUSEADDR on the listening sockets, as real servers set it (default: ${DEFAULT-VALUE})")
    private String serverReuseAddr;

    @Option(names = "--server-reuseport", paramLabel = "N", defaultValue = "0",
            description = "N listening sockets per port with SO_REUSEPORT, one per event loop; the kernel spreads"
                    + " connections over them and the summary shows each one's share (default: 0, one plain listener)")
    private String serverReusePort;

    @Option(names = "--server-ports", paramLabel = "N", defaultValue = "1",
            description = "listen on N consecutive ports from --server-port; the client spreads connections over"
                    + " them, so each 4-tuple's port space is shared by fewer connections (default: ${DEFAULT-VALUE})")
    private String serverPorts;

    @Option(names = "--client-bind", paramLabel = "MODE", defaultValue = "none",
            description = "how the client gets its port (default: ${DEFAULT-VALUE}): none = plain connect(), exhausted"
                    + " is EADDRNOTAVAIL; port0 = bind(addr, 0) first, the port is chosen at bind, exhausted is"
                    + " EADDRINUSE; no-port = IP_BIND_ADDRESS_NO_PORT, chosen at connect per 4-tuple; range:LO-HI ="
                    + " twbench walks its own ports with SO_REUSEADDR like netperf TCP_CRR, next port on"
                    + " EADDRINUSE/EADDRNOTAVAIL (retries counted)")
    private String clientBind;

    @Option(names = "--client-port-range", paramLabel = "LO-HI",
            description = "IP_LOCAL_PORT_RANGE on every client socket (Linux 6.3+): the ephemeral range for this"
                    + " socket only, narrower than net.ipv4.ip_local_port_range")
    private String clientPortRange;

    @Option(names = "--client-addresses", paramLabel = "N", defaultValue = "1",
            description = "N source addresses on the client's side; with a binding --client-bind the connections"
                    + " spread over them, multiplying the 4-tuples available (default: ${DEFAULT-VALUE})")
    private String clientAddresses;

    @Option(names = "--drain", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "after the load, keep sampling until both sides' TIME_WAIT is back to its start value"
                    + " (TIME_WAIT lasts 60 s) or 65 s have passed, and measure the lifetime (default: on)")
    private boolean drain;

    @Option(names = "--lab", paramLabel = "netns|host", defaultValue = "netns",
            description = "netns: two fresh network namespaces joined by a veth pair (198.18.0.0/15), each with"
                    + " its own sysctls and counters, as root or inside an unprivileged user namespace (doctor says which);"
                    + " host: the host's loopback, read-only"
                    + " (default: ${DEFAULT-VALUE})")
    private String lab;

    @Option(names = "--sysctl", paramLabel = "KEY=VALUE",
            description = "a per-namespace net.ipv4 sysctl for both sides, on top of the host's values;"
                    + " repeatable, e.g. net.ipv4.tcp_timestamps=0")
    private List<String> sysctls = new ArrayList<>();

    @Option(names = "--client-sysctl", paramLabel = "KEY=VALUE",
            description = "the same, client side only, e.g. net.ipv4.tcp_tw_reuse=1 (connect() may take over the"
                    + " client's own TIME_WAIT ports) or net.ipv4.ip_local_port_range=\"40000 40999\"")
    private List<String> clientSysctls = new ArrayList<>();

    @Option(names = "--server-sysctl", paramLabel = "KEY=VALUE",
            description = "the same, server side only, e.g. net.ipv4.tcp_max_tw_buckets=1000")
    private List<String> serverSysctls = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "parent folder of the run folder (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--name", paramLabel = "LABEL", defaultValue = "run",
            description = "label of the run folder (default: ${DEFAULT-VALUE})")
    private String name;

    @Option(names = "--server-port", paramLabel = "PORT",
            description = "port the server listens on (default: 7000; with --lab host, one the kernel picks)")
    private String serverPort;

    @Option(names = "--agent-threads", paramLabel = "N|CLIENT:SERVER",
            description = "event loops per agent, N for both or CLIENT:SERVER (default: the client one per core, the"
                    + " server one per two cores, each from 1 to 4: in the lab the client's CPU does most of the"
                    + " kernel's work)")
    private String agentThreads;

    @Option(names = "--agent-cpus", paramLabel = "none|split|CLIENT:SERVER", defaultValue = "none",
            description = "CPUs each agent is pinned to (taskset): none = not pinned; split = each its own half of"
                    + " this process's CPUs (none on a single CPU); or two CPU lists such as 0:1 or 0-3:4-7"
                    + " (default: ${DEFAULT-VALUE})")
    private String agentCpus;

    @Option(names = "--warmup", paramLabel = "TIME",
            description = "run the load's schedule this long before measuring, each connection closed with RST so"
                    + " none is left in TIME_WAIT, so the agents are JIT-compiled when measuring starts; 0s to skip"
                    + " (default: 2s; 0s with --nat-ports, whose pool the warm-up would hold)")
    private String warmup;

    @Option(names = "--nat-ports", paramLabel = "N",
            description = "put a NAT router between client and server: a third namespace whose nftables rule"
                    + " source-NATs the client's connections to --nat-addresses addresses with N source ports each"
                    + " (from 40000, or lower for more than 25536). Its conntrack table is sampled as a third side,"
                    + " 'router'. From 1 to " + Nat.MAX_PORTS)
    private String natPorts;

    @Option(names = "--nat-addresses", paramLabel = "K", defaultValue = "1",
            description = "the NAT router's addresses, each with --nat-ports ports (default: ${DEFAULT-VALUE})")
    private String natAddresses;

    @Option(names = "--nat-mode", paramLabel = "MODE", defaultValue = "snat",
            description = "how the router maps: snat = nft's plain snat; masquerade = the interface's address;"
                    + " random, fully-random, persistent = snat with that nft flag (default: ${DEFAULT-VALUE})")
    private String natMode;

    @Option(names = "--nat-sysctl", paramLabel = "KEY=VALUE",
            description = "a conntrack setting of the router namespace, repeatable, e.g."
                    + " net.netfilter.nf_conntrack_tcp_timeout_time_wait=30; only the per-namespace TCP ones")
    private List<String> natSysctls = new ArrayList<>();

    /** What only the NAT lab has: refused without --nat-ports. */
    private static final List<String> NAT_ONLY = List.of("--nat-addresses", "--nat-mode", "--nat-sysctl");

    @Option(names = "--on-agent-exit", paramLabel = "stop|continue", defaultValue = "stop",
            description = "when an agent dies mid-run (killed, crashed): stop = end the run at once; continue = keep"
                    + " sampling to the planned end (a dead server shows as the client's ECONNREFUSED, a dead client"
                    + " ends the load). Either way the samples so far stay on disk and summary.json says which agent"
                    + " ended, when and how (default: ${DEFAULT-VALUE})")
    private String onAgentExit;

    /** Every flag, validated into one immutable scenario before anything is created. */
    Scenario scenario() {
        return scenario(false);
    }

    /**
     * As {@link #scenario()}; across hosts ({@code --server-agent}) the warm-up, which warms a local
     * client's JIT, is off unless asked for.
     */
    Scenario scenario(boolean acrossHosts) {
        Scenario.Builder b = Scenario.builder()
                .closeOrder(CloseOrder.parse(close))
                .protocol(Protocol.parse(protocol))
                .httpPath(httpPath)
                .requestsPerConnection(Flags.intIn("--requests-per-connection", requestsPerConnection, 1, 1_000_000))
                .rate(Rate.parse(rate))
                .durationMs(Durations.parseMs("--duration", duration, 1, Scenario.MAX_DURATION_MS))
                .intervalMs(Durations.parseMs("--interval", interval, 10, 60_000))
                .maxInFlight(Flags.intIn("--max-in-flight", maxInFlight, 1, 1_000_000))
                .requestBytes(Flags.intIn("--request-bytes", requestBytes, 1, Scenario.MAX_PAYLOAD_BYTES))
                .responseBytes(Flags.intIn("--response-bytes", responseBytes, 1, Scenario.MAX_PAYLOAD_BYTES))
                .timeoutMs(Durations.parseMs("--timeout", timeout, 1, 600_000))
                .idleTimeoutMs(Durations.parseMs("--idle-timeout", idleTimeout, 1, 600_000))
                .transport(Transport.parse(transport))
                .serverReuseAddress(Flags.onOff("--server-reuseaddr", serverReuseAddr))
                .serverReusePort(Flags.intIn("--server-reuseport", serverReusePort, 0, 64))
                .serverPorts(Flags.intIn("--server-ports", serverPorts, 1, Scenario.MAX_SERVER_PORTS))
                .clientBind(ClientBind.parse(clientBind))
                .clientPortRange(clientPortRange == null ? null : PortRange.parse("--client-port-range", clientPortRange))
                .clientAddresses(Flags.intIn("--client-addresses", clientAddresses, 1, Scenario.MAX_CLIENT_ADDRESSES))
                .drain(drain)
                .lab(LabKind.parse(lab))
                .sysctls(SysctlOverrides.parse(sysctls, clientSysctls, serverSysctls))
                .outDir(out)
                .name(name);
        if (serverPort != null) {
            b.serverPort(Flags.intIn("--server-port", serverPort, 0, 65_535));
        }
        if (warmup != null) {
            b.warmupMs(Durations.parseMs("--warmup", warmup, 0, 600_000));
        } else if (acrossHosts) {
            b.warmupMs(0);
        }
        b.nat(nat());
        b.onAgentExit(AgentExitPolicy.parse(onAgentExit));
        if (serverCmd != null) {
            b.serverCommand(LabCommand.server(serverCmd));
        }
        if (clientCmd != null) {
            b.clientCommand(LabCommand.client(clientCmd));
            CommandLine.ParseResult given = mixee.commandLine().getParseResult();
            for (String option : CLIENT_ONLY) {
                if (given.hasMatchedOption(option)) {
                    throw InvalidScenarioException.of(option, given.matchedOptionValue(option, ""),
                            "is twbench's own client's: with --client-cmd the command makes the connections");
                }
            }
            b.warmupMs(0); // nothing of twbench's client to warm
        }
        b.serverReadyTimeoutMs(Durations.parseMs("--server-ready-timeout", serverReadyTimeout, 100, 600_000));
        b.commandLine(commandLine());
        b.agentCpus(AgentCpus.parse(agentCpus));
        if (agentThreads != null) {
            b.agentThreads(AgentThreads.parse(agentThreads));
        }
        return b.build();
    }

    /** The command as given ({@code run --rate 500 ...}, a sweep variant as its own {@code run}), to re-run it. */
    private List<String> commandLine() {
        CommandLine command = mixee.commandLine();
        List<String> given = command.getParseResult().originalArgs();
        int from = given.indexOf(command.getCommandName());
        List<String> line = new ArrayList<>(List.of(command.getCommandName()));
        line.addAll(from >= 0 ? given.subList(from + 1, given.size()) : given);
        return line;
    }

    /** The NAT router of --nat-ports, or null. */
    private Nat nat() {
        CommandLine.ParseResult given = mixee.commandLine().getParseResult();
        if (natPorts == null) {
            for (String option : NAT_ONLY) {
                if (given.hasMatchedOption(option)) {
                    throw InvalidScenarioException.of(option, given.matchedOptionValue(option, ""),
                            "needs --nat-ports, which builds the NAT router it sets");
                }
            }
            return null;
        }
        Map<RouterSysctl, String> sysctls = new EnumMap<>(RouterSysctl.class);
        for (String setting : natSysctls) {
            Map.Entry<RouterSysctl, String> e = RouterSysctl.parse(setting);
            sysctls.put(e.getKey(), e.getValue());
        }
        return new Nat(Flags.intIn("--nat-ports", natPorts, 1, Nat.MAX_PORTS),
                Flags.intIn("--nat-addresses", natAddresses, 1, Nat.MAX_ADDRESSES), NatMode.parse(natMode), sysctls);
    }

    /** True for an option of {@code command} that takes no value ({@code --drain}/{@code --no-drain}). */
    private static boolean isFlag(CommandSpec command, String name) {
        CommandLine.Model.OptionSpec option = command.findOption("--" + name);
        return option != null && option.arity().max() == 0;
    }

    /**
     * What a sweep's matrix and a plan file ask of a command's options, read from one spec
     * built once (each {@link #spec()} builds picocli's model again).
     */
    static Matrix.RunOptionNames optionNames(CommandSpec command) {
        return new Matrix.RunOptionNames() {
            @Override
            public boolean exists(String name) {
                return command.findOption("--" + name) != null;
            }

            @Override
            public boolean isFlag(String name) {
                return RunOptions.isFlag(command, name);
            }
        };
    }

    /** {@code run}'s options, for reading a run's argument list option by option. */
    static CommandSpec spec() {
        return new CommandLine(new Parser()).getCommandSpec();
    }

    /**
     * Parses a run's arguments as {@code run} would, into a validated scenario.
     *
     * @throws InvalidScenarioException one line naming the bad value
     */
    static Scenario parse(List<String> args) {
        Parser parser = new Parser();
        try {
            new CommandLine(parser).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidScenarioException(e.getMessage().strip().lines().findFirst().orElse(e.getMessage()));
        }
        return parser.options.scenario();
    }

    @Command(name = "run")
    private static final class Parser {
        @Mixin
        RunOptions options = new RunOptions();
    }
}
