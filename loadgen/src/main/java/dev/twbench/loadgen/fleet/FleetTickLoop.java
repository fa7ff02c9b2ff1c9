package dev.twbench.loadgen.fleet;

import dev.twbench.loadgen.agent.AgentException;
import dev.twbench.loadgen.agent.AgentExitedException;
import dev.twbench.loadgen.agent.AgentHost;
import dev.twbench.loadgen.agent.Message;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.FleetRecorder;
import dev.twbench.loadgen.record.FleetSummary;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.run.LoadPhases;
import dev.twbench.loadgen.run.RunGuard;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The middle of a run across hosts: Go to the server, a baseline row, Go to each client, then one
 * sample of every live agent per interval (each with its host's kernel counters) through the load
 * and the drain. The load ends when every client has finished and the grid has covered the
 * duration. An agent that dies or hangs up is noticed at the next tick, named in the summary's
 * {@code agentExits}, and the run stops or goes on as {@code --on-agent-exit} says.
 *
 * <pre>{@code
 * FleetSummary summary = new FleetTickLoop(scenario, guard, listener, recorder, fleet).run();
 * }</pre>
 */
final class FleetTickLoop {
    /** Long enough for every client's Go to arrive before the instant it names. */
    private static final long GO_AHEAD_MS = 500;

    private final Scenario scenario;
    private final RunGuard guard;
    private final FleetListener listener;
    private final FleetRecorder recorder;
    private final FleetSetup.LiveFleet fleet;
    /** The agents still answering, by host name, server first. */
    private final Map<String, FleetSetup.Agent> live = new LinkedHashMap<>();
    private final Map<String, Message.AgentSample> lastSamples = new LinkedHashMap<>();
    private final List<AgentExit> exits = new ArrayList<>();
    private final LoadPhases phases;
    private long lastSampleMs;
    private long lastTickNs;
    /** The clients' common start instant on this JVM's nanosecond clock: the rows' time zero. */
    private long loadStartNs;

    FleetTickLoop(Scenario scenario, RunGuard guard, FleetListener listener, FleetRecorder recorder,
            FleetSetup.LiveFleet fleet) {
        this.scenario = scenario;
        this.guard = guard;
        this.listener = listener;
        this.recorder = recorder;
        this.fleet = fleet;
        fleet.all().forEach(a -> live.put(a.name(), a));
        phases = new LoadPhases(scenario, false);
    }

    FleetSummary run() throws IOException {
        Long targetRate = scenario.rate().isClosedLoop() ? null : scenario.rate().perSecond();
        go(fleet.server());
        tick(0);
        FleetSummary.Alignment alignment = goClients();
        if (guard.stopRequested() || !exits.isEmpty() && !goesOnAfterExit()) {
            RunOutcome outcome = guard.stopRequested() ? new RunOutcome.Interrupted()
                    : RunOutcome.AgentExited.stoppedThere(exits, scenario.onAgentExit());
            stopClients();
            return recorder.finish(new FleetRecorder.Ending(outcome, exits, targetRate, null, alignment));
        }
        RunOutcome outcome = RunOutcome.AgentExited.after(exits, scenario.onAgentExit(), sample(loadStartNs));
        Double drainSeconds = phases.drainSeconds(lastTickNs);
        return recorder.finish(new FleetRecorder.Ending(outcome, exits, targetRate, drainSeconds, alignment));
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
                tick(TimeUnit.NANOSECONDS.toMillis(lastTickNs - t0));
            } catch (AgentException e) {
                stopClients();
                return new RunOutcome.Failed(e.getMessage());
            }
            if (stop) {
                stopClients();
                return new RunOutcome.Interrupted();
            }
            if (exits.size() > exitsBefore) {
                boolean goOn = goesOnAfterExit();
                exits.subList(exitsBefore, exits.size())
                        .forEach(exit -> listener.agentExited(exit, goOn, scenario.onAgentExit()));
                if (!goOn) {
                    stopClients();
                    return RunOutcome.AgentExited.stoppedThere(exits, scenario.onAgentExit());
                }
            }
            Optional<RunOutcome> end = phases.afterTick(k, lastTickNs,
                    new LoadPhases.Seen(clientsFinished(), liveClients() > 0, serverStillClosing(), drained()));
            if (end.isPresent()) {
                if (end.get().kind() == RunOutcome.Kind.CLIENT_GAVE_UP) {
                    stopClients();
                }
                return end.get();
            }
        }
    }

    /** Samples every live agent for the interval since the last tick, and records a row per host. */
    private void tick(long elapsedMs) throws IOException {
        Map<String, Message.AgentSample> samples = new LinkedHashMap<>();
        for (FleetSetup.Agent agent : List.copyOf(live.values())) {
            try {
                samples.put(agent.name(), agent.link().call(new Message.SampleRequest(lastSampleMs, elapsedMs),
                        Message.AgentSample.class, FleetSetup.CALL_TIMEOUT));
            } catch (AgentExitedException e) {
                noteExit(agent, e, elapsedMs);
            }
        }
        recorder.record(lastSampleMs, elapsedMs, phases.phase(), samples);
        lastSampleMs = elapsedMs;
        lastSamples.putAll(samples);
        long completed = 0;
        long failed = 0;
        long clientsTimeWait = 0;
        for (FleetSetup.Agent client : fleet.clients()) {
            CounterValues since = recorder.sinceStart(client.name()); // built anew at each call: once a host
            completed += since.getOrZero(Counters.COMPLETED);
            failed += since.getOrZero(Counters.FAILED);
            clientsTimeWait += recorder.timeWaitLast(client.name());
        }
        listener.progress(elapsedMs, phases.phase(), completed, failed, clientsTimeWait, recorder.timeWaitLast("server"));
    }

    /**
     * Go to every client at once, each for the same instant on its own clock: the orchestrator's
     * {@code now + GO_AHEAD_MS}, corrected by that agent's measured offset. Each client's schedule
     * then starts within its offset's bound of that instant, so any two start within the sum of
     * their bounds of each other (and of the agent's wake-up, a scheduler tick at most).
     */
    private FleetSummary.Alignment goClients() {
        long atUs = AgentHost.epochMicros() + GO_AHEAD_MS * 1_000;
        // The rows count from that instant, not from when the last Go was answered (a few hundred
        // ms later: each agent answers once its schedule has started).
        loadStartNs = System.nanoTime() + GO_AHEAD_MS * 1_000_000;
        List<Thread> senders = new ArrayList<>();
        for (FleetSetup.Agent client : fleet.clients()) {
            Thread t = new Thread(() -> go(client, atUs + client.clock().offsetUs()), "go-" + client.name());
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long[] bounds = fleet.clients().stream().mapToLong(a -> a.clock().boundUs()).sorted().toArray();
        long twoWorst = bounds.length == 0 ? 0 : bounds[bounds.length - 1] + (bounds.length > 1 ? bounds[bounds.length - 2] : 0);
        return new FleetSummary.Alignment(atUs, bounds.length == 0 ? 0 : bounds[bounds.length - 1], twoWorst);
    }

    private void go(FleetSetup.Agent agent) {
        go(agent, 0);
    }

    private void go(FleetSetup.Agent agent, long atEpochUs) {
        try {
            agent.link().call(new Message.Go(atEpochUs), Message.Ack.class, FleetSetup.CALL_TIMEOUT);
        } catch (AgentExitedException e) {
            noteExit(agent, e, 0);
        }
    }

    private void noteExit(FleetSetup.Agent agent, AgentExitedException e, long elapsedMs) {
        live.remove(agent.name());
        exits.add(new AgentExit(agent.name(), agent.pid(), elapsedMs, e.how()));
    }

    /** --on-agent-exit continue goes on while a client still loads, or through the drain. */
    private boolean goesOnAfterExit() {
        return scenario.onAgentExit() == AgentExitPolicy.CONTINUE && (liveClients() > 0 || scenario.drain());
    }

    private long liveClients() {
        return live.values().stream().filter(a -> a.host().role() == Side.CLIENT).count();
    }

    /** Every client still answering has reported its last attempt ended. */
    private boolean clientsFinished() {
        return live.values().stream().filter(a -> a.host().role() == Side.CLIENT)
                .allMatch(a -> lastSamples.containsKey(a.name()) && lastSamples.get(a.name()).finished());
    }

    /** The server still holds connections it accepted (see {@link LoadPhases}). */
    private boolean serverStillClosing() {
        return live.containsKey(fleet.server().name())
                && recorder.sinceStart(fleet.server().name()).getOrZero(Counters.IN_FLIGHT) > 0;
    }

    /** Every host still answering is back to the TIME_WAIT level it had when the load started. */
    private boolean drained() {
        return live.keySet().stream().allMatch(h -> recorder.timeWaitLast(h) <= recorder.timeWaitStart(h));
    }

    private void stopClients() {
        for (FleetSetup.Agent agent : List.copyOf(live.values())) {
            if (agent.host().role() == Side.CLIENT) {
                try {
                    agent.link().call(new Message.Stop(), Message.Ack.class, FleetSetup.CALL_TIMEOUT);
                } catch (AgentException e) {
                    // it is going away anyway
                }
            }
        }
    }
}
