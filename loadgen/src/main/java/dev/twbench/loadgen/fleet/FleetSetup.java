package dev.twbench.loadgen.fleet;

import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.record.FleetRecorder;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.ResultsWriteException;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.RunManifest;
import dev.twbench.loadgen.remote.AgentClock;
import dev.twbench.loadgen.remote.AgentEndpoint;
import dev.twbench.loadgen.remote.AgentRefusedException;
import dev.twbench.loadgen.remote.AgentUnreachableException;
import dev.twbench.loadgen.remote.RemoteAgent;
import dev.twbench.loadgen.run.EngineSpecs;
import dev.twbench.loadgen.run.RunGuard;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first part of a run across hosts: reaches every agent and authenticates it, measures its
 * clock, applies the run's sysctls where the agent allows them, starts the server, learns where it
 * listens, starts each client with its share of the rate (each checks that target with the server
 * agent itself), and writes run.json. Every connection is owned by the run's {@link RunGuard}, so
 * a failure here leaves each agent idle again.
 */
public final class FleetSetup {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int CLOCK_ROUNDS = 5;
    /** Between tries of an agent that does not answer yet (--agent-wait). */
    private static final long RETRY_MS = 250;
    /** twbench's server listens on all the server host's addresses; it announces each of them. */
    private static final String ALL_ADDRESSES = "0.0.0.0";

    private FleetSetup() {
    }

    /** One host's agent, connected and started. */
    public record Agent(FleetRecorder.Host host, RemoteAgent link, long pid, AgentClock clock,
            Map<String, String> sysctls) {
        public String name() {
            return host.name();
        }
    }

    /**
     * The fleet, ready for Go.
     *
     * @param target the server address the clients load, one the server agent announced
     * @param ports  the server's listening ports
     */
    public record LiveFleet(Agent server, List<Agent> clients, String target, List<Integer> ports) {
        public List<Agent> all() {
            List<Agent> all = new ArrayList<>(clients.size() + 1);
            all.add(server);
            all.addAll(clients);
            return all;
        }
    }

    /** The agents reached and authenticated, the server's first: nothing started yet. */
    record Links(RemoteAgent server, List<RemoteAgent> clients) {
    }

    /**
     * Reaches and authenticates every agent, before anything is created: an agent nobody can
     * reach, or one that refuses the token, is bad input.
     */
    static Links connect(FleetSpec fleet, RunGuard guard) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fleet.agentWaitMs());
        RemoteAgent server = guard.own(connect("--server-agent", fleet.server(), fleet, deadlineNs));
        List<RemoteAgent> clients = new ArrayList<>();
        for (AgentEndpoint client : fleet.clients()) {
            clients.add(guard.own(connect("--client-agent", client, fleet, deadlineNs)));
        }
        return new Links(server, clients);
    }

    static LiveFleet start(Scenario scenario, FleetSpec fleet, Links links, RunFolder folder) throws IOException {
        RemoteAgent serverLink = links.server();
        List<RemoteAgent> clientLinks = links.clients();

        Map<String, String> serverSysctls = apply(serverLink, scenario, Side.SERVER);
        AgentClock serverClock = serverLink.measureClock(CLOCK_ROUNDS, CALL_TIMEOUT);
        Message.Ready ready = serverLink.call(startServer(scenario, folder), Message.Ready.class,
                CALL_TIMEOUT.plusMillis(scenario.serverReadyTimeoutMs()));
        Message.Announcement announced = serverLink.call(new Message.AnnounceRequest(), Message.Announcement.class,
                CALL_TIMEOUT);
        String target = target(announced, serverLink);
        List<Integer> ports = announced.ports();
        Agent server = new Agent(new FleetRecorder.Host("server", Side.SERVER, fleet.server().toString(),
                serverLink.name(), null), serverLink, ready.pid(), serverClock, serverSysctls);

        List<Agent> clients = new ArrayList<>();
        for (int i = 0; i < clientLinks.size(); i++) {
            RemoteAgent link = clientLinks.get(i);
            Map<String, String> sysctls = apply(link, scenario, Side.CLIENT);
            AgentClock clock = link.measureClock(CLOCK_ROUNDS, CALL_TIMEOUT);
            long rateCps = scenario.rate().isClosedLoop() ? 0 : fleet.shareCps(i, scenario.rate().perSecond());
            Message.Ready clientReady = link.call(new Message.StartClient(EngineSpecs.client(scenario, target, ports,
                    List.of(), rateCps), fleet.server().toString()), Message.Ready.class, CALL_TIMEOUT);
            clients.add(new Agent(new FleetRecorder.Host(FleetSpec.clientName(i), Side.CLIENT,
                    fleet.clients().get(i).toString(), link.name(), scenario.rate().isClosedLoop() ? null : rateCps),
                    link, clientReady.pid(), clock, sysctls));
        }
        LiveFleet live = new LiveFleet(server, clients, target, ports);
        writeManifest(scenario, folder, live, ready);
        return live;
    }

    /**
     * Connects and authenticates, retrying an agent that does not answer yet until the deadline
     * ({@code --agent-wait}).
     *
     * @throws InvalidScenarioException nothing answers at that address (the option and address say
     *         which), or the agent refused the token
     */
    private static RemoteAgent connect(String option, AgentEndpoint endpoint, FleetSpec fleet, long deadlineNs) {
        while (true) {
            try {
                return RemoteAgent.connect(endpoint, fleet.token(), CONNECT_TIMEOUT);
            } catch (AgentUnreachableException e) {
                if (System.nanoTime() >= deadlineNs) {
                    throw InvalidScenarioException.of(option, endpoint, "cannot be reached: "
                            + e.getMessage().substring(e.getMessage().indexOf(": ") + 2)
                            + (fleet.agentWaitMs() > 0 ? " (tried for " + fleet.agentWaitMs() / 1000 + " s)" : "")
                            + "; is 'twbench agent --listen' running there?");
                }
                sleepMs(RETRY_MS);
            } catch (AgentRefusedException e) {
                throw InvalidScenarioException.of("--token-file", fleet.tokenFile(), "was not accepted: " + e.getMessage());
            }
        }
    }

    /** The side's --sysctl values, set by the agent on its host (refused unless it allows them), as read back. */
    private static Map<String, String> apply(RemoteAgent agent, Scenario scenario, Side side) {
        Map<NamespaceSysctl, String> asked = scenario.sysctls().forSide(side);
        if (asked.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        asked.forEach((k, v) -> values.put(k.key(), v));
        return agent.call(new Message.ApplySysctls(values), Message.SysctlsApplied.class, CALL_TIMEOUT).values();
    }

    private static Message startServer(Scenario scenario, RunFolder folder) {
        if (scenario.serverCommand() == null) {
            return new Message.StartServer(EngineSpecs.server(scenario, ALL_ADDRESSES));
        }
        String command = scenario.serverCommand().render(Map.of("address", ALL_ADDRESSES,
                "port", Integer.toString(scenario.serverPort()), "dir", "."));
        // The log lives on the server's host, beside the agent: the orchestrator's folder is not there.
        return new Message.StartCommand(command, ALL_ADDRESSES, scenario.serverPort(), "server-cmd.log",
                scenario.serverReadyTimeoutMs(), null);
    }

    /**
     * Where the clients send load: the address the orchestrator reached the server agent at, if the
     * agent announced it (the same path), else its first address that is not loopback.
     */
    private static String target(Message.Announcement announced, RemoteAgent server) {
        if (announced.addresses().contains(server.connectedAddress())) {
            return server.connectedAddress();
        }
        return announced.addresses().stream().filter(a -> !a.startsWith("127.")).findFirst()
                .orElseThrow(() -> new InvalidScenarioException("the server agent at " + server.endpoint()
                        + " announced no address other hosts can reach: " + announced.addresses()));
    }

    private static void writeManifest(Scenario scenario, RunFolder folder, LiveFleet live, Message.Ready serverReady)
            throws IOException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", "fleet");
        view.put("target", Map.of("address", live.target(), "ports", live.ports()));
        long worstBoundUs = 0;
        for (Agent agent : live.all()) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("role", agent.host().role().label());
            host.put("agent", agent.host().agent());
            host.put("name", agent.host().agentName());
            host.put("connectedAddress", agent.link().connectedAddress());
            host.put("agentPid", agent.pid());
            if (agent.host().targetRateCps() != null) {
                host.put("rateCps", agent.host().targetRateCps());
            }
            if (agent.host().role() == Side.SERVER) {
                host.put("listenerPorts", serverReady.listenerPorts());
                host.put("listenerOptions", serverReady.listenerOptions());
                host.put("serves", scenario.serverCommand() == null ? "twbench" : "command");
            }
            host.put("sysctls", agent.sysctls());
            Map<String, Object> clock = new LinkedHashMap<>();
            clock.put("roundTripUs", agent.clock().roundTripUs());
            clock.put("offsetUs", agent.clock().offsetUs());
            clock.put("offsetBoundUs", agent.clock().boundUs());
            host.put("clock", clock);
            worstBoundUs = Math.max(worstBoundUs, agent.clock().boundUs());
            view.put(agent.name(), host);
        }
        view.put("clockNote", "each agent keeps its own schedule clock from its Go; rows are sampled on the"
                + " orchestrator's clock. Offsets are known within half a round trip (worst "
                + worstBoundUs + " us); each client starts its schedule at one instant by its own clock, corrected by its offset (summary.json: alignment).");
        try {
            Json.write(folder.runJson(), RunManifest.ofFleet(folder.runId(), ZonedDateTime.now().toString(), scenario,
                    live.ports().isEmpty() ? scenario.serverPort() : live.ports().get(0), view));
        } catch (IOException e) {
            throw ResultsWriteException.of(folder.runJson(), e);
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agents");
        }
    }
}
