package dev.twbench.bench.cli;

import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.fleet.FleetListener;
import dev.twbench.loadgen.fleet.FleetSetup;
import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.FleetSummary;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The console view of a run across hosts: the fleet as set up, a line per second, a table per host at the end. */
final class FleetConsole implements FleetListener {
    private static final long LINE_EVERY_MS = 1_000;

    private final PrintWriter out;
    private long nextLineMs = LINE_EVERY_MS;

    FleetConsole(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void ready(FleetSetup.LiveFleet fleet, RunFolder folder) {
        out.printf("fleet: the server agent %s (%s) listens on %s port(s) %s%n", fleet.server().host().agent(),
                fleet.server().host().agentName(), fleet.target(), fleet.ports());
        for (FleetSetup.Agent a : fleet.all()) {
            out.printf("  %-9s %-22s %-16s clock offset %+d us (+/- %d us)%s%n", a.name(), a.host().agent(),
                    a.host().agentName(), a.clock().offsetUs(), a.clock().boundUs(),
                    a.host().targetRateCps() == null ? "" : ", " + a.host().targetRateCps() + "/s");
        }
        out.println("results: " + folder.dir());
        out.flush();
    }

    @Override
    public void progress(long elapsedMs, Phase phase, long completed, long failed, long clientsTimeWait,
            long serverTimeWait) {
        if (elapsedMs < nextLineMs) {
            return;
        }
        nextLineMs = (elapsedMs / LINE_EVERY_MS + 1) * LINE_EVERY_MS;
        out.printf(Locale.ROOT, "%6.1f s %-5s completed %,9d  failed %,7d  TIME_WAIT clients %,8d  server %,8d%n",
                elapsedMs / 1000.0, phase.label(), completed, failed, clientsTimeWait, serverTimeWait);
        out.flush();
    }

    @Override
    public void agentExited(AgentExit exit, boolean samplingGoesOn, AgentExitPolicy policy) {
        out.println(exit.describe() + (samplingGoesOn ? "; the rest go on (--on-agent-exit continue)"
                : "; the run stops (--on-agent-exit " + policy.label() + ")"));
        out.flush();
    }

    @Override
    public void finished(FleetSummary summary, RunFolder folder) {
        out.println();
        out.println("run " + summary.runId() + ": " + summary.endReason());
        out.printf("%-9s %-7s %9s %9s %7s %10s %11s %10s %10s%n", "host", "role", "rate/s", "completed", "failed",
                "1st fail s", "TIME_WAIT pk", "cycle p99", "load s");
        for (Map.Entry<String, FleetSummary.Host> e : summary.hosts().entrySet()) {
            FleetSummary.Host h = e.getValue();
            LatencyDigest cycle = h.latencyUs().get("cycle");
            out.printf("%-9s %-7s %9s %,9d %,7d %10s %,11d %10s %10s%n", e.getKey(), h.role(),
                    h.targetRateCps() == null ? "-" : h.targetRateCps(), h.completed(), h.failed(),
                    h.firstFailureSecond() == null ? "-" : h.firstFailureSecond(), h.timeWait().peak(),
                    cycle == null || cycle.count() == 0 ? "-" : cycle.p99Us() + " us",
                    h.role().equals("client") ? h.loadSeconds() : "-");
        }
        FleetSummary.Totals t = summary.fleet();
        LatencyDigest cycle = t.latencyUs().get("cycle");
        out.printf("fleet: %d clients, completed %,d, failed %,d %s, %.1f/s; client TIME_WAIT peak %,d;"
                        + " merged cycle p99 %s%n", t.clients(), t.completed(), t.failed(), t.failures(),
                t.achievedRateCps(), t.timeWaitPeak(), cycle.count() == 0 ? "-" : cycle.p99Us() + " us");
        FleetSummary.Alignment a = summary.alignment();
        if (a != null) {
            out.printf("alignment: every client started its schedule at the same instant by its own clock, each"
                    + " within %d us of it; any two within %d us of each other%n", a.clockBoundUs(), a.boundUs());
        }
        summary.agentExits().forEach(exit -> out.println(exit.describe()));
        out.println("results: " + folder.dir());
        out.flush();
    }
}
