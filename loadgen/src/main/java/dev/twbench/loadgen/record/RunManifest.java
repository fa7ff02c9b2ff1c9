package dev.twbench.loadgen.record;

import dev.twbench.loadgen.sys.FileLimits;
import dev.twbench.loadgen.sys.ProcFiles;
import dev.twbench.loadgen.lab.Lab;
import dev.twbench.loadgen.lab.LabSide;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * run.json: what was run, where, and with which kernel settings, as actually applied. Written
 * once the lab and agents are up, before the load starts.
 */
public record RunManifest(
        String twbenchVersion,
        String runId,
        String startedAt,
        Map<String, Object> scenario,
        Map<String, Object> environment,
        Map<String, Object> lab) {

    /** The agents as started: pid, command line, and the server's port. */
    public record AgentInfo(long pid, List<String> command) {
    }

    /** The user's server ({@code --server-cmd}): the line sh -c ran, placeholders filled in, and the shell's pid. */
    public record ServerCommandInfo(String command, long pid) {
    }

    /**
     * @param listenerPorts   the port of each of the server's listening sockets, as the server reported them
     * @param listenerOptions the listening sockets' options, as the kernel reported them
     */
    public static RunManifest of(String runId, String startedAt, Scenario s, Lab lab, List<Integer> listenerPorts,
            Map<String, Boolean> listenerOptions, Map<Side, AgentInfo> agents, ServerCommandInfo serverCommand,
            String clientCommand) {
        Map<String, Object> scenario = scenarioView(s, listenerPorts.get(0));


        Map<String, Object> labView = new LinkedHashMap<>();
        labView.put("kind", lab.kind().label());
        labView.put("id", lab.id());
        for (Side side : lab.sides()) {
            LabSide ls = lab.side(side);
            Map<String, Object> sideView = new LinkedHashMap<>();
            sideView.put("namespace", ls.netns().orElse(null));
            sideView.put("addresses", ls.addresses());
            if (side == Side.SERVER) {
                sideView.put("listenerPorts", listenerPorts);
                sideView.put("listenerOptions", new TreeMap<>(listenerOptions));
                sideView.put("serves", serverCommand == null ? "twbench" : "command");
                if (serverCommand != null) {
                    sideView.put("serverCommand", serverCommand.command());
                    sideView.put("serverCommandPid", serverCommand.pid());
                }
            }
            sideView.put("sysctls", new TreeMap<>(ls.sysctls()));
            if (side == Side.CLIENT) {
                sideView.put("runs", clientCommand == null ? "twbench" : "command");
                if (clientCommand != null) {
                    sideView.put("clientCommand", clientCommand);
                }
            }
            AgentInfo agent = agents.get(side);
            if (agent != null) {
                sideView.put("agentPid", agent.pid());
                sideView.put("agentCommand", agent.command());
            }
            labView.put(side.label(), sideView);
        }
        return new RunManifest(version(), runId, startedAt, scenario, describeEnvironment(), labView);
    }

    /**
     * A run across hosts: the scenario as for one machine, and in place of the lab the fleet, as
     * {@code FleetSetup} describes it (each host's agent, address, clock offset; the alignment bound).
     */
    public static RunManifest ofFleet(String runId, String startedAt, Scenario s, int serverPort,
            Map<String, Object> fleet) {
        return new RunManifest(version(), runId, startedAt, scenarioView(s, serverPort), describeEnvironment(), fleet);
    }

    /** The scenario's settings as run.json names them. */
    private static Map<String, Object> scenarioView(Scenario s, int serverPort) {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", s.name());
        scenario.put("closeOrder", s.closeOrder().label());
        scenario.put("protocol", s.protocol().label());
        scenario.put("httpPath", s.httpPath());
        scenario.put("requestsPerConnection", s.requestsPerConnection());
        scenario.put("rateCps", s.rate().isClosedLoop() ? "max" : s.rate().perSecond());
        scenario.put("durationMs", s.durationMs());
        scenario.put("intervalMs", s.intervalMs());
        scenario.put("maxInFlight", s.maxInFlight());
        scenario.put("requestBytes", s.requestBytes());
        scenario.put("responseBytes", s.responseBytes());
        scenario.put("timeoutMs", s.timeoutMs());
        scenario.put("idleTimeoutMs", s.idleTimeoutMs());
        scenario.put("drain", s.drain());
        scenario.put("drainLimitMs", Scenario.DRAIN_LIMIT_MS);
        scenario.put("lab", s.lab().label());
        scenario.put("serverPort", serverPort);
        scenario.put("serverPorts", s.serverPorts());
        scenario.put("serverReuseAddress", s.serverReuseAddress());
        scenario.put("serverReusePort", s.serverReusePort());
        scenario.put("clientBind", s.clientBind().toString());
        scenario.put("clientPortRange", s.clientPortRange() == null ? null : s.clientPortRange().toString());
        scenario.put("clientAddresses", s.clientAddresses());
        Map<String, Integer> threads = new LinkedHashMap<>();
        threads.put("client", s.agentThreads().client());
        threads.put("server", s.agentThreads().server());
        scenario.put("agentThreads", threads);
        scenario.put("agentCpus", s.agentCpus().label());
        scenario.put("warmupMs", s.warmupMs());
        scenario.put("transport", s.transport().label());
        scenario.put("onAgentExit", s.onAgentExit().label());
        scenario.put("serverCommand", s.serverCommand() == null ? null : s.serverCommand().template());
        scenario.put("serverReadyTimeoutMs", s.serverReadyTimeoutMs());
        scenario.put("clientCommand", s.clientCommand() == null ? null : s.clientCommand().template());
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (Side side : Side.ENDS) {
            Map<String, String> bySide = new LinkedHashMap<>();
            s.sysctls().forSide(side).forEach((k, v) -> bySide.put(k.key(), v));
            overrides.put(side.label(), bySide);
        }
        scenario.put("sysctlOverrides", overrides);
        scenario.put("nat", s.nat() == null ? null : natView(s.nat()));
        scenario.put("commandLine", s.commandLine().isEmpty() ? null : commandLine(s.commandLine()));
        return scenario;
    }

    /** As a shell takes it: {@code java -jar benchmarks.jar run --rate 500 --client-sysctl 'net.ipv4.ip_local_port_range=40000 40999'}. */
    static String commandLine(List<String> args) {
        StringBuilder line = new StringBuilder("java -jar benchmarks.jar");
        for (String arg : args) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    private static Map<String, Object> natView(Nat nat) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ports", nat.ports());
        view.put("addresses", nat.addresses());
        view.put("mode", nat.mode().label());
        view.put("firstPort", nat.firstPort());
        view.put("lastPort", nat.lastPort());
        view.put("portsAvailable", nat.portsAvailable());
        Map<String, String> sysctls = new LinkedHashMap<>();
        nat.sysctls().forEach((k, v) -> sysctls.put(k.key(), v));
        view.put("sysctlOverrides", sysctls);
        return view;
    }

    /** The machine, kernel and JDK, for comparing runs from different places. */
    public static Map<String, Object> describeEnvironment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("kernelRelease", System.getProperty("os.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("hostname", readFirstLine(Path.of("/proc/sys/kernel/hostname")));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("memTotal", meminfoTotal());
        env.put("jdkVersion", System.getProperty("java.version"));
        env.put("jdkVendor", System.getProperty("java.vendor"));
        env.put("jvm", System.getProperty("java.vm.name"));
        env.put("twbenchVersion", version());
        // The agents inherit this JVM's limits (its soft limit raised to the hard one at start).
        try {
            FileLimits limits = FileLimits.ofThisProcess();
            env.put("openFilesSoftLimit", limits.soft());
            env.put("openFilesHardLimit", limits.hard());
        } catch (IOException | IllegalArgumentException e) {
            env.put("openFilesSoftLimit", null);
            env.put("openFilesHardLimit", null);
        }
        return env;
    }

    /** The project version Maven filtered into version.properties. */
    public static String version() {
        try (InputStream in = RunManifest.class.getResourceAsStream("/dev/twbench/loadgen/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String readFirstLine(Path path) {
        try {
            return ProcFiles.read(path).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static String meminfoTotal() {
        try {
            return ProcFiles.read(Path.of("/proc/meminfo")).lines().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> l.substring("MemTotal:".length()).strip()).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
