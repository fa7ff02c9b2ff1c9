package dev.twbench.loadgen.run;

import dev.twbench.loadgen.agent.AgentProcess;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.lab.HostLab;
import dev.twbench.loadgen.lab.Lab;
import dev.twbench.loadgen.lab.LabException;
import dev.twbench.loadgen.lab.LabSide;
import dev.twbench.loadgen.lab.NetnsLab;
import dev.twbench.loadgen.probe.LabProbe;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.ResultsWriteException;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.RunManifest;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first part of a run: builds the lab, starts the server agent and then the client agent
 * pointed at it, and writes run.json. Everything it creates is owned
 * by the run's {@link RunGuard}, so a failure here leaves nothing behind.
 */
final class RunSetup {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Where twbench's own server listens behind a --server-cmd proxy: inside the server namespace only. */
    private static final String LOOPBACK = "127.0.0.1";

    private RunSetup() {
    }

    /**
     * A lab with both agents up and ready for Go.
     *
     * @param listenerPorts each server listening socket's port, in listener order
     */
    record LiveRun(Lab lab, AgentProcess server, AgentProcess client, List<Integer> listenerPorts, LabProbe probe) {
    }

    static LiveRun start(Scenario scenario, RunFolder folder, RunGuard guard, RunListener listener)
            throws IOException {
        Lab lab = guard.own(scenario.lab() == LabKind.NETNS
                ? NetnsLab.create(scenario.sysctls(), scenario.clientAddresses(), Optional.ofNullable(scenario.nat()))
                : new HostLab(scenario.clientAddresses()));

        AgentPlacement placement = AgentPlacement.of(scenario);
        // Owned before the agent, so ended after it: should the agent die first, the command's group
        // still goes (the agent itself ends it on every path it lives to see).
        CommandGroupReaper reaper = guard.own(new CommandGroupReaper());
        AgentProcess server = guard.own(AgentProcess.launch(lab, Side.SERVER, folder.agentLog(Side.SERVER),
                placement.wrapper(Side.SERVER)));
        LabSide serverSide = lab.side(Side.SERVER);
        Message.Ready serverReady = startServer(scenario, folder, server, serverSide);
        reaper.watch(serverReady.commandPid());
        AgentProcess client = guard.own(AgentProcess.launch(lab, Side.CLIENT, folder.agentLog(Side.CLIENT),
                placement.wrapper(Side.CLIENT)));
        List<Integer> serverPorts = serverReady.listenerPorts().stream().distinct().sorted().toList();
        Message.Ready clientReady = client.call(scenario.clientCommand() == null
                ? new Message.StartClient(EngineSpecs.client(scenario, serverSide.address(), serverPorts,
                        lab.side(Side.CLIENT).addresses(), scenario.rate().perSecond()))
                : new Message.StartClientCommand(renderedClientCommand(scenario, folder, serverSide, serverPorts),
                        folder.clientCommandLog().toAbsolutePath().toString(), scenario.durationMs()),
                Message.Ready.class, STARTUP_TIMEOUT);
        requireSamePid(server, serverReady);
        requireSamePid(client, clientReady);

        Map<Side, RunManifest.AgentInfo> agents = new EnumMap<>(Side.class);
        agents.put(Side.SERVER, new RunManifest.AgentInfo(server.pid(), server.command()));
        agents.put(Side.CLIENT, new RunManifest.AgentInfo(client.pid(), client.command()));
        RunManifest.ServerCommandInfo command = scenario.serverCommand() == null ? null
                : new RunManifest.ServerCommandInfo(renderedCommand(scenario, folder, serverSide), serverReady.commandPid());
        String clientCommand = scenario.clientCommand() == null ? null
                : renderedClientCommand(scenario, folder, serverSide, serverPorts);
        try {
            Json.write(folder.runJson(), RunManifest.of(folder.runId(), ZonedDateTime.now().toString(), scenario, lab,
                    serverReady.listenerPorts(), serverReady.listenerOptions(), agents, command, clientCommand));
        } catch (IOException e) {
            throw ResultsWriteException.of(folder.runJson(), e);
        }
        listener.labReady(new LabReady(lab.kind(), lab.id(), lab.side(Side.CLIENT).addresses(), serverSide.address(),
                serverPorts, scenario.transport(), folder));
        LabProbe probe = lab.probe(Map.of(Side.CLIENT, client.pid(), Side.SERVER, server.pid()), serverPorts);
        return new LiveRun(lab, server, client, serverReady.listenerPorts(), probe);
    }

    /** twbench's own server, or the user's command (--server-cmd), listening once this returns. */
    private static Message.Ready startServer(Scenario scenario, RunFolder folder, AgentProcess server,
            LabSide serverSide) {
        if (scenario.serverCommand() == null) {
            return server.call(new Message.StartServer(EngineSpecs.server(scenario, serverSide.address())),
                    Message.Ready.class, STARTUP_TIMEOUT);
        }
        ServerSpec backend = scenario.serverCommand().uses("backend")
                ? EngineSpecs.server(scenario, LOOPBACK, Scenario.BACKEND_PORT) : null;
        Message.StartCommand start = new Message.StartCommand(renderedCommand(scenario, folder, serverSide),
                serverSide.address(), scenario.serverPort(), folder.serverCommandLog().toAbsolutePath().toString(),
                scenario.serverReadyTimeoutMs(), backend);
        return server.call(start, Message.Ready.class, STARTUP_TIMEOUT.plusMillis(scenario.serverReadyTimeoutMs()));
    }

    private static String renderedCommand(Scenario scenario, RunFolder folder, LabSide serverSide) {
        return scenario.serverCommand().render(Map.of("address", serverSide.address(),
                "port", Integer.toString(scenario.serverPort()), "dir", folder.dir().toAbsolutePath().toString(),
                "backend", LOOPBACK + ":" + Scenario.BACKEND_PORT));
    }

    private static String renderedClientCommand(Scenario scenario, RunFolder folder, LabSide serverSide,
            List<Integer> serverPorts) {
        return scenario.clientCommand().render(Map.of("server", serverSide.address(),
                "port", Integer.toString(serverPorts.get(0)), "dir", folder.dir().toAbsolutePath().toString()));
    }

    /** Agents are ended by pid; make sure the pid we hold is the JVM's and not a wrapper's. */
    private static void requireSamePid(AgentProcess agent, Message.Ready ready) {
        if (agent.pid() != ready.pid()) {
            throw new LabException("the " + agent.side().label() + " agent runs as pid " + ready.pid()
                    + " but was started as pid " + agent.pid() + ": 'setsid' or 'ip netns exec' forked");
        }
    }
}
