package dev.twbench.loadgen.run;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.agent.AgentExitedException;
import dev.twbench.loadgen.agent.AgentProcess;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.ServerSpec;
import dev.twbench.loadgen.lab.HostLab;
import dev.twbench.loadgen.lab.Lab;
import dev.twbench.loadgen.lab.LabException;
import dev.twbench.loadgen.lab.LabSide;
import dev.twbench.loadgen.lab.NetnsLab;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.probe.LabProbe;
import dev.twbench.loadgen.probe.MemoryProbe;
import dev.twbench.loadgen.probe.ProbeReading;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.RunManifest;
import dev.twbench.loadgen.record.ResultsWriteException;
import dev.twbench.loadgen.record.RunRecorder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Scenario} end to end: builds the lab, starts the server and client agents in
 * it, samples both sides every interval through the load and the drain, writes the results
 * folder, and removes everything it created, on every path out.
 *
 * <pre>{@code
 * RunResult result = RunController.execute(scenario, RunListener.SILENT);
 * result.summary().timeWait().get("client").peak();
 * }</pre>
 */
public final class RunController {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Grace after duration + attempt timeout before a client that never finishes is given up on. */
    private static final long FINISH_GRACE_NS = TimeUnit.SECONDS.toNanos(10);

    private final Scenario scenario;
    private final RunFolder folder;
    private final RunListener listener;
    private final RunGuard guard;

    private RunController(Scenario scenario, RunFolder folder, RunListener listener, RunGuard guard) {
        this.scenario = scenario;
        this.folder = folder;
        this.listener = listener;
        this.guard = guard;
    }

    /**
     * @throws InvalidScenarioException bad input found late (too few file descriptors, too little
     *         space or an unwritable folder for the results, a sysctl value the kernel refused):
     *         nothing is left behind
     * @throws LabException   the lab could not be built (privileges, missing tools)
     * @throws AgentException an agent could not start (e.g. the server port is taken)
     * @throws ResultsWriteException a results file could not be written (the disk is full): the run
     *         stopped, what was written before is kept
     */
    public static RunResult execute(Scenario scenario, RunListener listener) throws IOException {
        Preflight.check(scenario);
        RunFolder folder = RunFolder.create(scenario.outDir(), scenario.name(), ZonedDateTime.now());
        try (RunGuard guard = RunGuard.install()) {
            return new RunController(scenario, folder, listener, guard).run();
        } catch (RuntimeException e) {
            folder.discard(e instanceof InvalidScenarioException);
            throw e;
        }
    }

    private RunResult run() throws IOException {
        // Build the lab, removing any a killed run left behind.
        StaleLabs.removeAbandoned().forEach(listener::notice);
        Lab lab = guard.own(scenario.lab() == LabKind.NETNS
                ? NetnsLab.create(scenario.sysctls(), scenario.clientAddresses()) : new HostLab(scenario.clientAddresses()));

        // Start the server, then the client pointed at it.
        AgentProcess server = guard.own(AgentProcess.launch(lab, Side.SERVER, folder.agentLog(Side.SERVER)));
        LabSide serverSide = lab.side(Side.SERVER);
        Message.Ready serverReady = server.call(new Message.StartServer(serverSpec(serverSide.address())),
                Message.Ready.class, STARTUP_TIMEOUT);
        AgentProcess client = guard.own(AgentProcess.launch(lab, Side.CLIENT, folder.agentLog(Side.CLIENT)));
        // The client answers Ready after its warm-up.
        List<Integer> serverPorts = serverReady.listenerPorts().stream().distinct().sorted().toList();
        Message.Ready clientReady = client.call(new Message.StartClient(clientSpec(serverSide.address(), serverPorts,
                lab.side(Side.CLIENT).addresses())), Message.Ready.class,
                STARTUP_TIMEOUT.plusMillis(scenario.warmupMs() + scenario.timeoutMs()));
        requireSamePid(server, serverReady);
        requireSamePid(client, clientReady);

        Map<Side, RunManifest.AgentInfo> agents = new EnumMap<>(Side.class);
        agents.put(Side.SERVER, new RunManifest.AgentInfo(server.pid(), server.command()));
        agents.put(Side.CLIENT, new RunManifest.AgentInfo(client.pid(), client.command()));
        try {
            Json.write(folder.runJson(), RunManifest.of(folder.runId(), ZonedDateTime.now().toString(), scenario, lab,
                    serverReady.listenerPorts(), serverReady.listenerOptions(), agents));
        } catch (IOException e) {
            throw ResultsWriteException.of(folder.runJson(), e);
        }
        listener.notice("lab " + lab.kind().label() + " " + lab.id() + ": client " + describe(lab.side(Side.CLIENT))
                + " -> server " + serverSide.address() + ":" + describePorts(serverPorts) + " (" + scenario.transport().label()
                + "); results in " + folder.dir());

        LabProbe probe = lab.probe(Map.of(Side.CLIENT, client.pid(), Side.SERVER, server.pid()), serverPorts);
        try (RunRecorder recorder = new RunRecorder(folder, System.currentTimeMillis(), lab.kind() == LabKind.NETNS,
                serverReady.listenerPorts())) {
            Summary summary = new Sampling(recorder, probe, client, server).run();
            listener.finished(summary, folder);
            return new RunResult(folder, summary);
        }
    }

    private ServerSpec serverSpec(String address) {
        return new ServerSpec(scenario.transport(), address, scenario.serverPort(), scenario.serverPorts(),
                scenario.serverReuseAddress(), scenario.serverReusePort(), scenario.closeOrder(), scenario.requestBytes(),
                scenario.responseBytes(), scenario.timeoutMs(), scenario.idleTimeoutMs(), scenario.agentThreads());
    }

    private ClientSpec clientSpec(String serverAddress, List<Integer> serverPorts, List<String> sourceAddresses) {
        return new ClientSpec(scenario.transport(), serverAddress, serverPorts, sourceAddresses, scenario.closeOrder(),
                scenario.clientBind(), scenario.clientPortRange(), scenario.rate().perSecond(), scenario.durationMs(),
                scenario.maxInFlight(), scenario.requestBytes(), scenario.responseBytes(), scenario.timeoutMs(),
                scenario.agentThreads(), scenario.warmupMs());
    }

    private static String describe(LabSide side) {
        return side.addresses().size() == 1 ? side.address()
                : side.address() + " (+" + (side.addresses().size() - 1) + " more)";
    }

    private static String describePorts(List<Integer> ports) {
        return ports.size() == 1 ? ports.get(0).toString() : ports.get(0) + "-" + ports.get(ports.size() - 1);
    }

    /** Agents are ended by pid; make sure the pid we hold is the JVM's and not a wrapper's. */
    private static void requireSamePid(AgentProcess agent, Message.Ready ready) {
        if (agent.pid() != ready.pid()) {
            throw new LabException("the " + agent.side().label() + " agent runs as pid " + ready.pid()
                    + " but was started as pid " + agent.pid() + ": 'setsid' or 'ip netns exec' forked");
        }
    }

    /**
     * The tick loop: one sample of both sides per interval, through the load and the drain. An
     * agent that dies is noticed at the next tick; that tick is still recorded (the dead side
     * through its namespace), then the run stops or goes on as {@code --on-agent-exit} says.
     */
    private final class Sampling {
        private final RunRecorder recorder;
        private final LabProbe probe;
        private final MemoryProbe memory = new MemoryProbe();
        /** The agents still alive, by side. */
        private final Map<Side, AgentProcess> live = new EnumMap<>(Side.class);
        private final List<Summary.AgentExit> exits = new ArrayList<>();
        /** The client's last report: its own clock of the load, and whether it has finished. */
        private Message.AgentSample clientSample;

        Sampling(RunRecorder recorder, LabProbe probe, AgentProcess client, AgentProcess server) {
            this.recorder = recorder;
            this.probe = probe;
            live.put(Side.CLIENT, client);
            live.put(Side.SERVER, server);
        }

        Summary run() throws IOException {
            long intervalNs = TimeUnit.MILLISECONDS.toNanos(scenario.intervalMs());
            long durationNs = TimeUnit.MILLISECONDS.toNanos(scenario.durationMs());
            long giveUpNs = durationNs + TimeUnit.MILLISECONDS.toNanos(scenario.timeoutMs()) + FINISH_GRACE_NS;
            long loadTicks = (scenario.durationMs() + scenario.intervalMs() - 1) / scenario.intervalMs();
            Long targetRate = scenario.rate().isClosedLoop() ? null : scenario.rate().perSecond();

            // The server counts from zero from here (its warm-up connections count elsewhere),
            // then the baseline row, then the load.
            go(Side.SERVER);
            tick(0, Phase.LOAD, true);
            if (guard.stopRequested() || !exits.isEmpty() || !go(Side.CLIENT)) {
                // No load: Ctrl-C came first, or an agent died while the run was starting.
                boolean interrupted = guard.stopRequested();
                announceExits(0, false);
                String reason = interrupted ? "interrupted" : exitReason(stoppedThere());
                return recorder.finish(new RunRecorder.Ending(reason, interrupted, targetRate, 0, null, false, false,
                        exits));
            }
            long t0 = System.nanoTime();

            Phase phase = Phase.LOAD;
            String reason = "completed";
            boolean stoppedByExit = false;
            long loadEndNs = -1;
            long now = t0;
            for (long k = 1; ; k++) {
                // Ticks stay on the t0 + k * interval grid: a late one is caught up, never skipped.
                boolean stop = guard.awaitStop(t0 + k * intervalNs - System.nanoTime());
                now = System.nanoTime();
                int exitsBefore = exits.size();
                try {
                    tick(now - t0, phase, stop);
                } catch (AgentException e) {
                    reason = e.getMessage();
                    break;
                }
                if (stop) {
                    reason = "interrupted";
                    stopClientQuietly();
                    break;
                }
                if (exits.size() > exitsBefore) {
                    boolean goOn = goesOnAfterExit();
                    announceExits(exitsBefore, goOn);
                    if (!goOn) {
                        stoppedByExit = true;
                        stopClientQuietly();
                        break;
                    }
                }
                if (phase == Phase.LOAD) {
                    // A late tick is caught up, so the load has a row for each of its intervals: it
                    // ends at the client's finish, but not before the grid has covered the duration.
                    if (!live.containsKey(Side.CLIENT) || clientSample.finished() && k >= loadTicks) {
                        loadEndNs = now;
                        if (!scenario.drain()) {
                            break;
                        }
                        phase = Phase.DRAIN;
                    } else if (!clientSample.finished() && now - t0 > giveUpNs) {
                        reason = "the client still had attempts in flight " + TimeUnit.NANOSECONDS.toSeconds(giveUpNs)
                                + " s after the start";
                        break;
                    }
                } else if (drained() || now - loadEndNs >= TimeUnit.MILLISECONDS.toNanos(Scenario.DRAIN_LIMIT_MS)) {
                    break;
                }
            }
            if (!exits.isEmpty() && !"interrupted".equals(reason)) {
                reason = exitReason(stoppedByExit ? stoppedThere() : "completed".equals(reason)
                        ? "; sampling went on to the end of the run (--on-agent-exit continue)" : "; then " + reason);
            }
            boolean drainReached = phase == Phase.DRAIN;
            // The client's own clock: from Go until its last attempt ended (or until its last report).
            return recorder.finish(new RunRecorder.Ending(reason, "interrupted".equals(reason), targetRate,
                    clientSample.loadNs() / 1e9, drainReached ? (now - loadEndNs) / 1e9 : null, drainReached,
                    scenario.closeOrder().graceful(), exits));
        }

        /** Sends Go to the side's agent; false (and the exit noted) if it has died. */
        private boolean go(Side side) {
            AgentProcess agent = live.get(side);
            try {
                agent.call(new Message.Go(), Message.Ack.class, CALL_TIMEOUT);
                return true;
            } catch (AgentExitedException e) {
                noteExit(agent, e, 0);
                return false;
            }
        }

        /**
         * Reads the live agents, then both sides' kernel counters and the processes' memory, records
         * one row per side and tells the listener. An agent found gone is moved to {@link #exits}.
         *
         * @param last this may be the last tick of the load: read everything the probe has
         * @throws AgentException if an agent answered with an error or not in time
         */
        private void tick(long elapsedNs, Phase phase, boolean last) throws IOException {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(elapsedNs);
            int exitsBefore = exits.size();
            Map<Side, Message.AgentSample> samples = new EnumMap<>(Side.class);
            for (AgentProcess agent : List.copyOf(live.values())) {
                try {
                    samples.put(agent.side(), agent.call(new Message.SampleRequest(), Message.AgentSample.class,
                            CALL_TIMEOUT));
                } catch (AgentExitedException e) {
                    noteExit(agent, e, elapsedMs);
                }
            }
            clientSample = samples.getOrDefault(Side.CLIENT, clientSample);
            boolean clientFinished = clientSample != null && clientSample.finished();
            // This may be the last tick of the load or of the run: read everything the probe has.
            Map<Side, ProbeReading> readings = probe.read(last || clientFinished || exits.size() > exitsBefore);
            Map<Side, Long> pids = new EnumMap<>(Side.class);
            live.forEach((side, agent) -> pids.put(side, agent.pid()));
            recorder.record(elapsedMs, phase, readings, samples, memory.read(pids));
            listener.progress(new Progress(elapsedMs, phase,
                    recorder.timeWaitLast(Side.CLIENT), recorder.timeWaitLast(Side.SERVER),
                    recorder.totals(Side.CLIENT), recorder.totals(Side.SERVER)));
        }

        private void noteExit(AgentProcess agent, AgentExitedException e, long elapsedMs) {
            live.remove(agent.side());
            exits.add(new Summary.AgentExit(agent.side().label(), agent.pid(), elapsedMs, e.how()));
        }

        /**
         * --on-agent-exit continue goes on while there is something to sample: the load while the
         * client lives, or the drain of the TIME_WAIT its connections left.
         */
        private boolean goesOnAfterExit() {
            return scenario.onAgentExit() == AgentExitPolicy.CONTINUE && !live.isEmpty()
                    && (live.containsKey(Side.CLIENT) || scenario.drain());
        }

        /** One console line for each exit from index {@code from} on, saying what the run does next. */
        private void announceExits(int from, boolean goOn) {
            for (Summary.AgentExit exit : exits.subList(from, exits.size())) {
                listener.notice("the " + exit.side() + " agent (pid " + exit.pid() + ") " + exit.how() + " at "
                        + seconds(exit.elapsedMs()) + "; " + (goOn ? "sampling goes on (--on-agent-exit continue)"
                        : "ending the run (--on-agent-exit " + scenario.onAgentExit().label() + ")"));
            }
        }

        private String stoppedThere() {
            return "; the run stopped there (--on-agent-exit " + scenario.onAgentExit().label() + ")";
        }

        /** "the server agent exited with code 137 (SIGKILL) at 4.2 s" and {@code then}, for summary.json. */
        private String exitReason(String then) {
            StringBuilder reason = new StringBuilder();
            for (Summary.AgentExit exit : exits) {
                reason.append(reason.isEmpty() ? "" : "; ").append("the ").append(exit.side()).append(" agent ")
                        .append(exit.how()).append(" at ").append(seconds(exit.elapsedMs()));
            }
            return reason + then;
        }

        private static String seconds(long elapsedMs) {
            return String.format(Locale.ROOT, "%.1f s", elapsedMs / 1000.0);
        }

        /** Both sides are back to the TIME_WAIT level they had when the load started. */
        private boolean drained() {
            for (Side side : Side.values()) {
                if (recorder.timeWaitLast(side) > recorder.timeWaitStart(side)) {
                    return false;
                }
            }
            return true;
        }

        private void stopClientQuietly() {
            AgentProcess client = live.get(Side.CLIENT);
            if (client == null) {
                return;
            }
            try {
                client.call(new Message.Stop(), Message.Ack.class, CALL_TIMEOUT);
            } catch (AgentException e) {
                // it is going away anyway
            }
        }
    }
}
