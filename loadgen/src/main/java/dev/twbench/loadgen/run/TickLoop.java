package dev.twbench.loadgen.run;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.agent.AgentExitedException;
import dev.twbench.loadgen.agent.AgentProcess;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.probe.LabProbe;
import dev.twbench.loadgen.probe.MemoryProbe;
import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.record.RunRecorder;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The middle of a run: one sample of both sides per interval, through the load and the drain,
 * until the run's {@link RunOutcome} is known; then the summary. Ticks stay on the
 * {@code t0 + k * interval} grid: a late one is caught up, never skipped. An agent that dies is
 * noticed at the next tick; that tick is still recorded (the dead side through its namespace),
 * then the run stops or goes on as {@code --on-agent-exit} says.
 *
 * <pre>{@code
 * Summary summary = new TickLoop(scenario, guard, listener, recorder, liveRun).run();
 * }</pre>
 */
final class TickLoop {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Scenario scenario;
    private final RunGuard guard;
    private final RunListener listener;
    private final RunRecorder recorder;
    private final LabProbe probe;
    private final MemoryProbe memory = new MemoryProbe();
    /** The agents still alive, by side. */
    private final Map<Side, AgentProcess> live = new EnumMap<>(Side.class);
    private final List<AgentExit> exits = new ArrayList<>();
    /** The client's last report: its own clock of the load, and whether it has finished. */
    private Message.AgentSample clientSample;
    private final LoadPhases phases;
    private long lastTickNs;
    /** The end of the interval last sampled, ms since Go: where the next one starts. */
    private long lastSampleMs;

    TickLoop(Scenario scenario, RunGuard guard, RunListener listener, RunRecorder recorder, RunSetup.LiveRun run) {
        this.scenario = scenario;
        this.guard = guard;
        this.listener = listener;
        this.recorder = recorder;
        this.probe = run.probe();
        live.put(Side.CLIENT, run.client());
        live.put(Side.SERVER, run.server());
        phases = new LoadPhases(scenario, scenario.clientCommand() != null);
    }

    Summary run() throws IOException {
        Long targetRate = scenario.rate().isClosedLoop() ? null : scenario.rate().perSecond();
        // The server counts from zero from here (its warm-up connections count elsewhere), then the
        // baseline row, then the load.
        go(Side.SERVER);
        tick(0, true);
        if (guard.stopRequested() || !exits.isEmpty() || !go(Side.CLIENT)) {
            // No load: Ctrl-C came first, or an agent died while the run was starting.
            RunOutcome outcome = guard.stopRequested() ? new RunOutcome.Interrupted() : stoppedThere();
            announceExits(0, false);
            return recorder.finish(new RunRecorder.Ending(outcome, exits, targetRate, 0, null, false, false));
        }
        RunOutcome outcome = RunOutcome.AgentExited.after(exits, scenario.onAgentExit(), sample(System.nanoTime()));
        Double drainSeconds = phases.drainSeconds(lastTickNs);
        // The client's own clock: from Go until its last attempt ended (or until its last report).
        return recorder.finish(new RunRecorder.Ending(outcome, exits, targetRate, clientSample.loadNs() / 1e9,
                drainSeconds, drainSeconds != null, scenario.closeOrder().graceful()));
    }

    /**
     * Before Go: ticks back to back (at most one per {@code minGapNs}) into this loop's recorder,
     * while the client agent's warm-up runs, until it has finished or {@code timeoutNs} has passed.
     * For {@link SamplingWarmup}.
     *
     * @throws AgentException an agent failed, or exited, meanwhile
     */
    void warmUp(long minGapNs, long timeoutNs) throws IOException {
        long t0 = System.nanoTime();
        long next = t0;
        do {
            if (guard.awaitStop(next - System.nanoTime())) {
                return; // Ctrl-C: the run stops before Go
            }
            next = System.nanoTime() + minGapNs;
            tick(System.nanoTime() - t0, false);
            if (!exits.isEmpty()) {
                throw new AgentException(exits.get(0).describe() + " of the warm-up");
            }
        } while (!clientSample.finished() && System.nanoTime() - t0 < timeoutNs);
    }

    /** Ticks from Go ({@code t0}) until the run ends; returns how. */
    private RunOutcome sample(long t0) throws IOException {
        long intervalNs = TimeUnit.MILLISECONDS.toNanos(scenario.intervalMs());
        phases.start(t0);
        for (long k = 1; ; k++) {
            boolean stop = guard.awaitStop(t0 + k * intervalNs - System.nanoTime());
            lastTickNs = System.nanoTime();
            int exitsBefore = exits.size();
            try {
                tick(lastTickNs - t0, stop);
            } catch (AgentException e) {
                return new RunOutcome.Failed(e.getMessage());
            }
            if (stop) {
                stopClientQuietly();
                return new RunOutcome.Interrupted();
            }
            if (exits.size() > exitsBefore) {
                boolean goOn = goesOnAfterExit();
                announceExits(exitsBefore, goOn);
                if (!goOn) {
                    stopClientQuietly();
                    return stoppedThere();
                }
            }
            Optional<RunOutcome> end = phases.afterTick(k, lastTickNs, new LoadPhases.Seen(clientSample.finished(),
                    live.containsKey(Side.CLIENT), serverStillClosing(), drained()));
            if (end.isPresent()) {
                return end.get();
            }
        }
    }

    private RunOutcome stoppedThere() {
        return RunOutcome.AgentExited.stoppedThere(exits, scenario.onAgentExit());
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
    private void tick(long elapsedNs, boolean last) throws IOException {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(elapsedNs);
        int exitsBefore = exits.size();
        Map<Side, Message.AgentSample> samples = new EnumMap<>(Side.class);
        for (AgentProcess agent : List.copyOf(live.values())) {
            try {
                samples.put(agent.side(), agent.call(new Message.SampleRequest(lastSampleMs, elapsedMs),
                        Message.AgentSample.class, CALL_TIMEOUT));
            } catch (AgentExitedException e) {
                noteExit(agent, e, elapsedMs);
            }
        }
        lastSampleMs = elapsedMs;
        clientSample = samples.getOrDefault(Side.CLIENT, clientSample);
        boolean clientFinished = clientSample != null && clientSample.finished();
        // This may be the last tick of the load or of the run: read everything the probe has.
        Map<Side, CounterValues> kernel = probe.read(last || clientFinished || exits.size() > exitsBefore);
        Map<Side, Long> pids = new EnumMap<>(Side.class);
        live.forEach((side, agent) -> pids.put(side, agent.pid()));
        recorder.record(elapsedMs, phases.phase(), kernel, samples, memory.read(pids));
        listener.progress(new Progress(elapsedMs, phases.phase(), recorder.sinceStart(Side.CLIENT),
                recorder.sinceStart(Side.SERVER), recorder.sinceStart(Side.ROUTER),
                clientSample == null ? LatencyDigest.EMPTY : clientSample.connectTotal(),
                clientSample == null ? LatencyDigest.EMPTY : clientSample.cycleTotal()));
    }

    private void noteExit(AgentProcess agent, AgentExitedException e, long elapsedMs) {
        live.remove(agent.side());
        exits.add(new AgentExit(agent.side().label(), agent.pid(), elapsedMs, e.how()));
    }

    /**
     * --on-agent-exit continue goes on while there is something to sample: the load while the
     * client lives, or the drain of the TIME_WAIT its connections left.
     */
    private boolean goesOnAfterExit() {
        return scenario.onAgentExit() == AgentExitPolicy.CONTINUE && !live.isEmpty()
                && (live.containsKey(Side.CLIENT) || scenario.drain());
    }

    /** Tells the listener of each exit from index {@code from} on, and what the run does next. */
    private void announceExits(int from, boolean goOn) {
        for (AgentExit exit : exits.subList(from, exits.size())) {
            listener.agentExited(exit, goOn, scenario.onAgentExit());
        }
    }

    /**
     * The server still holds connections it accepted: without a drain, the run waits for them (at
     * most {@link Scenario#SETTLE_LIMIT_MS}, {@link LoadPhases}), so that the last row counts every
     * completed connection's TIME_WAIT. Measured: NIO's server, on a loaded CI machine, had 62 of 967 still
     * to close when the client was done, and the client's TcpExt TW was 905.
     */
    private boolean serverStillClosing() {
        return live.containsKey(Side.SERVER) && recorder.sinceStart(Side.SERVER).getOrZero(Counters.IN_FLIGHT) > 0;
    }

    /** Both sides are back to the TIME_WAIT level they had when the load started. */
    private boolean drained() {
        for (Side side : Side.ENDS) {
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
