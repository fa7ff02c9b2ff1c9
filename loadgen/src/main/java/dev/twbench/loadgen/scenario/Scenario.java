package dev.twbench.loadgen.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One run, fully specified and validated: the single value that flows from the CLI (or a plan
 * file) to the lab, the agents and the recorder. Invalid values, and combinations a transport
 * or the lab cannot carry out, throw {@link InvalidScenarioException} here, before anything is
 * created.
 *
 * @param name              label of the results folder ({@code <yyyyMMdd-HHmmss>-<name>})
 * @param closeOrder        who closes, and how
 * @param protocol          what twbench's client and server say on each connection
 * @param rate              target new connections per second, or closed loop
 * @param durationMs        how long new attempts are scheduled
 * @param intervalMs        sampling interval
 * @param maxInFlight       cap on connections open at once (bounds the client's file descriptors)
 * @param requestBytes      bytes the client sends per connection
 * @param responseBytes     bytes the server answers per connection
 * @param timeoutMs         an attempt not finished after this long fails with {@code TIMEOUT}
 * @param idleTimeoutMs     {@code server-idle}: how long the server keeps an idle connection
 * @param drain             after the load, keep sampling until TIME_WAIT is back to its start value
 * @param lab               namespaces or the host
 * @param sysctls           per-side sysctl overrides (namespace lab only)
 * @param outDir            parent folder of the run folder
 * @param serverPort        first port the server listens on; 0 lets the kernel choose (host lab)
 * @param serverPorts       number of consecutive ports the server listens on
 * @param serverReuseAddress SO_REUSEADDR on the listening sockets
 * @param serverReusePort   0: one listener per port; N: N listeners per port with SO_REUSEPORT
 * @param clientBind        how the client gets its local port
 * @param clientPortRange   IP_LOCAL_PORT_RANGE on every client socket; null for none
 * @param clientAddresses   source addresses the client spreads its connections over
 * @param transport         direct, epoll, io_uring or nio
 * @param agentThreads      event loops of each agent
 * @param agentCpus         which CPUs each agent is pinned to
 * @param warmupMs          the load's schedule runs this long before Go, closed abortively (no TIME_WAIT), to warm the JIT
 * @param onAgentExit       what the run does when an agent dies mid-run
 * @param serverCommand     the user's server in place of twbench's ({@code --server-cmd}); null for twbench's
 * @param clientCommand     the user's client in place of twbench's ({@code --client-cmd}); null for twbench's
 * @param serverReadyTimeoutMs how long the server command has to listen on {@code serverPort}
 * @param httpPath          the path twbench's HTTP client GETs
 * @param requestsPerConnection HTTP requests the client sends on each connection, one after another
 * @param nat               a NAT router between client and server ({@code --nat-ports}); null for none
 * @param commandLine       the twbench command that asked for this run ({@code run --rate 500 ...}), to
 *                          re-run it; empty for a run built in code
 */
public record Scenario(
        String name,
        CloseOrder closeOrder,
        Protocol protocol,
        Rate rate,
        long durationMs,
        long intervalMs,
        int maxInFlight,
        int requestBytes,
        int responseBytes,
        long timeoutMs,
        long idleTimeoutMs,
        boolean drain,
        LabKind lab,
        SysctlOverrides sysctls,
        Path outDir,
        int serverPort,
        int serverPorts,
        boolean serverReuseAddress,
        int serverReusePort,
        ClientBind clientBind,
        PortRange clientPortRange,
        int clientAddresses,
        Transport transport,
        AgentThreads agentThreads,
        AgentCpus agentCpus,
        long warmupMs,
        AgentExitPolicy onAgentExit,
        LabCommand serverCommand,
        LabCommand clientCommand,
        long serverReadyTimeoutMs,
        String httpPath,
        int requestsPerConnection,
        Nat nat,
        List<String> commandLine) {

    /** The drain phase stops after this long even if TIME_WAIT has not gone (60 s lifetime + timer slack). */
    public static final long DRAIN_LIMIT_MS = 65_000;
    /**
     * Without a drain: how long the run keeps sampling after the client is done, while the server
     * still closes connections it accepted (their TIME_WAIT is entered only once its FIN arrives).
     */
    public static final long SETTLE_LIMIT_MS = 1_000;
    public static final long MAX_DURATION_MS = 24L * 3_600_000;
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;
    public static final int MAX_CLIENT_ADDRESSES = 1000;
    public static final int MAX_SERVER_PORTS = 1000;
    /** {@code {backend}}'s port: twbench's own server behind a --server-cmd proxy, on the server namespace's loopback. */
    public static final int BACKEND_PORT = 8000;
    /** Safely below one initial congestion window (10 segments): all of it is on the wire before the RST. */
    public static final int MAX_ABORTED_RESPONSE_BYTES = 8192;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HTTP_PATH = Pattern.compile("/[\\x21-\\x7e]{0,999}");
    /** What {@link #isValidName} allows, as an error message says it. */
    public static final String NAME_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

    public Scenario {
        commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
        Objects.requireNonNull(closeOrder, "closeOrder");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(sysctls, "sysctls");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(clientBind, "clientBind");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(onAgentExit, "onAgentExit");
        if (!isValidName(name)) {
            throw InvalidScenarioException.of("--name", name, NAME_RULE);
        }
        requireRange("--duration", durationMs, 1, MAX_DURATION_MS, Durations.format(durationMs),
                "must be from 1ms to 24h");
        requireRange("--interval", intervalMs, 10, 60_000, Durations.format(intervalMs),
                "must be from 10ms to 60s");
        requireRange("--max-in-flight", maxInFlight, 1, 1_000_000, maxInFlight, "must be from 1 to 1000000");
        requireRange("--request-bytes", requestBytes, 1, MAX_PAYLOAD_BYTES, requestBytes,
                "must be from 1 to " + MAX_PAYLOAD_BYTES);
        requireRange("--response-bytes", responseBytes, 1, MAX_PAYLOAD_BYTES, responseBytes,
                "must be from 1 to " + MAX_PAYLOAD_BYTES);
        requireRange("--timeout", timeoutMs, 1, 600_000, Durations.format(timeoutMs), "must be from 1ms to 10m");
        requireRange("--idle-timeout", idleTimeoutMs, 1, 600_000, Durations.format(idleTimeoutMs),
                "must be from 1ms to 10m");
        if (closeOrder == CloseOrder.SERVER_IDLE && idleTimeoutMs >= timeoutMs) {
            // The client's deadline covers the whole connection, the server's idle time included.
            throw InvalidScenarioException.of("--idle-timeout", Durations.format(idleTimeoutMs),
                    "must be less than --timeout (" + Durations.format(timeoutMs) + ") with --close server-idle:"
                            + " the client's deadline covers the whole connection, the idle time included");
        }
        if (closeOrder == CloseOrder.SERVER_RST && protocol.responseBytes(responseBytes) > MAX_ABORTED_RESPONSE_BYTES) {
            throw InvalidScenarioException.of("--response-bytes", responseBytes, "must be at most "
                    + MAX_ABORTED_RESPONSE_BYTES + " with --close server-rst: an abortive close discards what the"
                    + " kernel has not sent yet, and more than one initial congestion window may still be unsent");
        }
        requireRange("--server-port", serverPort, 0, 65_535, serverPort, "must be from 1 to 65535, or 0 for any");
        requireRange("--server-ports", serverPorts, 1, MAX_SERVER_PORTS, serverPorts,
                "must be from 1 to " + MAX_SERVER_PORTS);
        requireRange("--server-ports", serverPorts, 1, 65_536 - Math.max(1, serverPort), serverPorts,
                "must fit between --server-port " + serverPort + " and 65535");
        requireRange("--server-reuseport", serverReusePort, 0, 64, serverReusePort,
                "must be from 0 (one listener, no SO_REUSEPORT) to 64 listeners per port");
        requireRange("--client-addresses", clientAddresses, 1, MAX_CLIENT_ADDRESSES, clientAddresses,
                "must be from 1 to " + MAX_CLIENT_ADDRESSES);
        requireRange("--warmup", warmupMs, 0, 600_000, Durations.format(warmupMs), "must be from 0s to 10m");
        requireRange("--requests-per-connection", requestsPerConnection, 1, 1_000_000, requestsPerConnection,
                "must be from 1 to 1000000");
        if (requestsPerConnection != 1 && protocol != Protocol.HTTP1) {
            throw InvalidScenarioException.of("--requests-per-connection", requestsPerConnection,
                    "needs --protocol http1 (raw and connect make one exchange per connection)");
        }
        if (httpPath == null || !HTTP_PATH.matcher(httpPath).matches()) {
            throw InvalidScenarioException.of("--http-path", httpPath, "must start with '/' and hold no space or"
                    + " control character, at most 1000 characters");
        }
        requireRange("--server-ready-timeout", serverReadyTimeoutMs, 100, 600_000,
                Durations.format(serverReadyTimeoutMs), "must be from 100ms to 10m");
        if (clientCommand != null) {
            if (lab != LabKind.NETNS) {
                throw InvalidScenarioException.of("--client-cmd", clientCommand, "runs inside the namespace lab's"
                        + " client side, not with --lab host");
            }
            if (warmupMs != 0) {
                throw InvalidScenarioException.of("--warmup", Durations.format(warmupMs), "warms twbench's own client;"
                        + " with --client-cmd there is none to warm (use --warmup 0s)");
            }
        }
        if (serverCommand != null) {
            // The command runs in the server namespace and listens on one port: twbench's own
            // listener options have nothing to set.
            if (lab != LabKind.NETNS) {
                throw InvalidScenarioException.of("--server-cmd", serverCommand, "runs inside the namespace lab's"
                        + " server side, not with --lab host");
            }
            if (serverPorts != 1) {
                throw InvalidScenarioException.of("--server-ports", serverPorts, "must be 1 with --server-cmd:"
                        + " the command listens on --server-port");
            }
            if (serverReusePort != 0) {
                throw InvalidScenarioException.of("--server-reuseport", serverReusePort, "is twbench's own server's;"
                        + " with --server-cmd the command sets its own socket options");
            }
        }
        if (nat != null && lab != LabKind.NETNS) {
            throw InvalidScenarioException.of("--nat-ports", nat.ports(), "builds a router namespace between the"
                    + " namespace lab's client and server, not with --lab host");
        }
        if (lab == LabKind.NETNS && serverPort == 0) {
            throw InvalidScenarioException.of("--server-port", 0, "must be from 1 to 65535 in the namespace lab");
        }
        if (serverPort == 0 && serverPorts > 1) {
            throw InvalidScenarioException.of("--server-ports", serverPorts,
                    "needs a fixed --server-port to count consecutive ports from");
        }
        if (lab == LabKind.HOST && !sysctls.isEmpty()) {
            throw new InvalidScenarioException("invalid --lab 'host' with sysctl overrides: the host lab never"
                    + " changes sysctls (they would change the host); use the default namespace lab");
        }
        if (clientAddresses > 1 && !clientBind.binds()) {
            throw InvalidScenarioException.of("--client-addresses", clientAddresses, "needs a --client-bind that"
                    + " picks the source address (no-port, port0 or range:LO-HI); with 'none' the kernel uses one");
        }
        if (serverReusePort > 0) {
            transport.require(Transport.SocketFeature.REUSE_PORT, "--server-reuseport", serverReusePort);
        }
        if (clientBind.mode() == ClientBind.Mode.NO_PORT) {
            transport.require(Transport.SocketFeature.BIND_ADDRESS_NO_PORT, "--client-bind", clientBind);
        }
        if (clientPortRange != null) {
            transport.require(Transport.SocketFeature.LOCAL_PORT_RANGE, "--client-port-range", clientPortRange);
            if (clientBind.mode() == ClientBind.Mode.RANGE) {
                throw InvalidScenarioException.of("--client-port-range", clientPortRange, "has no effect with"
                        + " --client-bind " + clientBind + ", which picks every port itself; use one or the other");
            }
        }
    }

    /** A label that is one folder name: no '/', no "..", nothing a shell would need quoted. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** Defaults as documented in {@code run --help}. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireRange(String option, long value, long min, long max, Object shown, String allowed) {
        if (value < min || value > max) {
            throw InvalidScenarioException.of(option, shown, allowed);
        }
    }

    /** Mutable on purpose: collects flags, then {@link #build()} validates everything at once. */
    public static final class Builder {
        private String name = "run";
        private CloseOrder closeOrder = CloseOrder.CLIENT_FIRST;
        private Protocol protocol = Protocol.RAW;
        private Rate rate = Rate.perSecond(1000);
        private long durationMs = 30_000;
        private long intervalMs = 100;
        private int maxInFlight = 256;
        private int requestBytes = 64;
        private int responseBytes = 256;
        private long timeoutMs = 5_000;
        private long idleTimeoutMs = 100;
        private boolean drain = true;
        private LabKind lab = LabKind.NETNS;
        private SysctlOverrides sysctls = SysctlOverrides.none();
        private Path outDir = Path.of("results");
        private Integer serverPort;
        private int serverPorts = 1;
        private boolean serverReuseAddress = true;
        private int serverReusePort;
        private ClientBind clientBind = ClientBind.NONE;
        private PortRange clientPortRange;
        private int clientAddresses = 1;
        private Transport transport = Transport.DIRECT;
        /** Both agents share the machine, the client doing more of the kernel's work (AgentThreads). */
        private AgentThreads agentThreads = AgentThreads.forCpus(Runtime.getRuntime().availableProcessors());
        private AgentCpus agentCpus = AgentCpus.NONE;
        /** 2 s, or none in the NAT lab: the warm-up's connections would hold the pool's ports past Go. */
        private Long warmupMs;
        private AgentExitPolicy onAgentExit = AgentExitPolicy.STOP;
        private LabCommand serverCommand;
        private LabCommand clientCommand;
        private long serverReadyTimeoutMs = 10_000;
        private String httpPath = "/";
        private int requestsPerConnection = 1;
        private Nat nat;
        private List<String> commandLine = List.of();

        public Builder name(String v) { name = v; return this; }
        public Builder closeOrder(CloseOrder v) { closeOrder = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder rate(Rate v) { rate = v; return this; }
        public Builder durationMs(long v) { durationMs = v; return this; }
        public Builder intervalMs(long v) { intervalMs = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder requestBytes(int v) { requestBytes = v; return this; }
        public Builder responseBytes(int v) { responseBytes = v; return this; }
        public Builder timeoutMs(long v) { timeoutMs = v; return this; }
        public Builder idleTimeoutMs(long v) { idleTimeoutMs = v; return this; }
        public Builder drain(boolean v) { drain = v; return this; }
        public Builder lab(LabKind v) { lab = v; return this; }
        public Builder sysctls(SysctlOverrides v) { sysctls = v; return this; }
        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder serverPort(int v) { serverPort = v; return this; }
        public Builder serverPorts(int v) { serverPorts = v; return this; }
        public Builder serverReuseAddress(boolean v) { serverReuseAddress = v; return this; }
        public Builder serverReusePort(int v) { serverReusePort = v; return this; }
        public Builder clientBind(ClientBind v) { clientBind = v; return this; }
        public Builder clientPortRange(PortRange v) { clientPortRange = v; return this; }
        public Builder clientAddresses(int v) { clientAddresses = v; return this; }
        public Builder transport(Transport v) { transport = v; return this; }
        public Builder agentThreads(AgentThreads v) { agentThreads = v; return this; }
        public Builder agentCpus(AgentCpus v) { agentCpus = v; return this; }
        public Builder warmupMs(long v) { warmupMs = v; return this; }
        public Builder onAgentExit(AgentExitPolicy v) { onAgentExit = v; return this; }
        public Builder serverCommand(LabCommand v) { serverCommand = v; return this; }
        public Builder clientCommand(LabCommand v) { clientCommand = v; return this; }
        public Builder serverReadyTimeoutMs(long v) { serverReadyTimeoutMs = v; return this; }
        public Builder httpPath(String v) { httpPath = v; return this; }
        public Builder requestsPerConnection(int v) { requestsPerConnection = v; return this; }
        public Builder nat(Nat v) { nat = v; return this; }
        public Builder commandLine(List<String> v) { commandLine = v; return this; }

        public Scenario build() {
            // The host lab lets the kernel pick a free port; inside our own namespace any fixed port is free.
            int port = serverPort != null ? serverPort : (lab == LabKind.HOST ? 0 : 7000);
            return new Scenario(name, closeOrder, protocol, rate, durationMs, intervalMs, maxInFlight, requestBytes,
                    responseBytes, timeoutMs, idleTimeoutMs, drain, lab, sysctls, outDir, port, serverPorts,
                    serverReuseAddress, serverReusePort, clientBind, clientPortRange, clientAddresses, transport,
                    agentThreads, agentCpus, warmupMs != null ? warmupMs : nat != null ? 0 : 2_000, onAgentExit,
                    serverCommand, clientCommand, serverReadyTimeoutMs,
                    httpPath, requestsPerConnection, nat, commandLine);
        }
    }
}
