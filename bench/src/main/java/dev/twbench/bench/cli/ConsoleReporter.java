package dev.twbench.bench.cli;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.FailureKinds;
import dev.twbench.loadgen.counter.Source;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.record.AgentExit;
import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.SideCounters;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.run.LabReady;
import dev.twbench.loadgen.run.Progress;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.scenario.AgentExitPolicy;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.Protocol;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The console view of a run: a line per second while it runs, a table at the end. */
final class ConsoleReporter implements RunListener {
    private static final long LINE_EVERY_MS = 1_000;

    private final PrintWriter out;
    private final Scenario scenario;
    private long nextLineMs = LINE_EVERY_MS;
    private long lastLineMs;
    private long lastCompleted;

    ConsoleReporter(PrintWriter out, Scenario scenario) {
        this.out = out;
        this.scenario = scenario;
    }

    @Override
    public void staleLabRemoved(String description) {
        notice(description);
    }

    @Override
    public void labReady(LabReady lab) {
        List<String> client = lab.clientAddresses();
        List<Integer> ports = lab.serverPorts();
        notice("lab " + lab.kind().label() + " " + lab.labId() + ": client " + client.get(0)
                + (client.size() == 1 ? "" : " (+" + (client.size() - 1) + " more)")
                + (scenario.nat() == null ? "" : " -> NAT router (" + scenario.nat().portsAvailable() + " ports)")
                + " -> server "
                + lab.serverAddress() + ":" + (ports.size() == 1 ? ports.get(0) : ports.get(0) + "-" + ports.get(ports.size() - 1))
                + " (" + lab.transport().label() + "); results in " + lab.folder().dir());
    }

    @Override
    public void agentExited(AgentExit exit, boolean samplingGoesOn, AgentExitPolicy policy) {
        notice("the " + exit.side() + " agent (pid " + exit.pid() + ") " + exit.how() + " at "
                + String.format(Locale.ROOT, "%.1f s", exit.elapsedMs() / 1000.0) + "; "
                + (samplingGoesOn ? "sampling goes on (--on-agent-exit continue)"
                        : "ending the run (--on-agent-exit " + policy.label() + ")"));
    }

    private void notice(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void progress(Progress p) {
        if (p.elapsedMs() < nextLineMs) {
            return;
        }
        CounterValues client = p.client();
        long completed = client.getOrZero(Counters.COMPLETED);
        double seconds = (p.elapsedMs() - lastLineMs) / 1000.0;
        double rate = seconds > 0 ? (completed - lastCompleted) / seconds : 0;
        String nat = scenario.nat() == null ? "" : String.format(Locale.ROOT, "  NAT %d/%d", p.router().getOrZero(
                Counters.NAT_MAPPINGS), scenario.nat().portsAvailable());
        out.printf("%7.1fs  %-5s  rate %7.0f/s  TIME_WAIT client %7d  server %7d  in flight %5d%s  failed %d%s%n",
                p.elapsedMs() / 1000.0, p.phase().label(), rate, p.timeWait(Side.CLIENT), p.timeWait(Side.SERVER),
                client.getOrZero(Counters.IN_FLIGHT), nat, client.getOrZero(Counters.FAILED), failuresBrief(client));
        out.flush();
        lastLineMs = p.elapsedMs();
        lastCompleted = completed;
        while (nextLineMs <= p.elapsedMs()) {
            nextLineMs += LINE_EVERY_MS;
        }
    }

    @Override
    public void finished(Summary s, RunFolder folder) {
        Summary.SideTimeWait c = s.timeWait().get("client");
        Summary.SideTimeWait v = s.timeWait().get("server");
        out.println();
        String client = scenario.clientCommand() != null ? "client: --client-cmd" : "rate " + scenario.rate();
        String protocol = scenario.protocol() == Protocol.RAW ? "" : scenario.protocol().label() + ", ";
        String server = scenario.serverCommand() != null ? ", server: --server-cmd" : "";
        out.printf("run %s: %s (%s, %s%s, %s, %s%s)%n", s.runId(), s.endReason(), scenario.closeOrder().label(),
                protocol, client, scenario.transport().label(), scenario.lab().label(), server);
        out.printf("  %-26s %10s %10s%n", "", "client", "server");
        row("TIME_WAIT at start", c.start(), v.start());
        row("TIME_WAIT peak", c.peak(), v.peak());
        row("TIME_WAIT at end", c.end(), v.end());
        // Every kernel count of the schema, by its label: a counter added there shows here too.
        for (Counter counter : Counters.from(Source.TCP_EXT)) {
            row(counter.label(), total(s, Side.CLIENT, counter), total(s, Side.SERVER, counter));
        }
        row("left before expiry (*)", c.leftBeforeExpiry(), v.leftBeforeExpiry());
        row("ended by the peer's RST", s.peerResets(), s.server().peerResets());
        if (c.leftBeforeExpiry() != null && (c.leftBeforeExpiry() > 0 || v.leftBeforeExpiry() > 0)) {
            out.println("  (*) entered minus the level's rise during a load under 60 s: recycled by connect()"
                    + " (TWRecycled) or taken over by a new SYN on the same 4-tuple");
        }
        if (c.entered() == null) {
            out.println("  (host lab: TcpExt counters are the whole host's, so they are not shown per side)");
        }
        out.printf("  attempts due %d, started %d, completed %d (%.1f/s over %.1f s), late %d, not started %d%n",
                s.attemptsDue(), s.attemptsStarted(), s.completed(), s.achievedRateCps(), s.loadSeconds(), s.late(),
                s.notStarted());
        if (scenario.requestsPerConnection() > 1) { // HTTP keep-alive
            out.printf("  requests %d (%.1f per completed connection)%n", s.requests(),
                    s.completed() == 0 ? 0.0 : (double) s.requests() / s.completed());
        } else if (s.requests() != s.completed()) { // answered, then the connection failed (or the reverse)
            out.printf("  requests answered %d, on %d completed connections%n", s.requests(), s.completed());
        }
        if (s.timeWaitSplit() != null) {
            out.printf("  TIME_WAIT per connection: client only %d, server only %d, both %d%n",
                    s.timeWaitSplit().clientOnly(), s.timeWaitSplit().serverOnly(), s.timeWaitSplit().both());
        }
        out.printf("  failed %d%s%s%s%n", s.failed(), failuresBrief(s.failures()),
                s.firstFailureSecond() == null ? "" : String.format(", first at %.3f s", s.firstFailureSecond()),
                s.bindRetries() > 0 ? ", " + s.bindRetries() + " bind retries" : "");
        if (!s.server().failures().isEmpty()) {
            out.printf("  server-side failures%s%n", failuresBrief(s.server().failures()));
        }
        if (s.nat() != null) {
            natLines(s.nat());
        }
        if (s.server().listeners().size() > 1) {
            out.printf("  accepted per listener: %s%n", s.server().listeners().stream()
                    .map(l -> ":" + l.port() + " " + l.accepted()).collect(Collectors.joining(", ")));
        }
        out.printf("  %-12s %9s %9s %9s %9s %9s%n", "latency (us)", "count", "p50", "p99", "p99.9", "max");
        s.latencyUs().forEach(this::latencyRow);
        if (s.measuredTimeWaitSeconds() != null) {
            s.timeWait().forEach((side, tw) -> {
                if (tw.lifetime() != null) {
                    out.printf("  TIME_WAIT lifetime on the %s, measured in the drain: at least %.2f s, median %.2f s,"
                            + " longest %.2f s%n", side, tw.lifetime().minSeconds(), tw.lifetime().medianSeconds(),
                            tw.lifetime().maxSeconds());
                }
            });
        } else if (s.drainSeconds() != null) {
            out.printf("  drain: %.1f s; lifetime not measured (it needs the namespace lab, 20 or more TIME_WAIT"
                    + " entries, few leaving early, and 99 %% of them gone by the end of the drain)%n", s.drainSeconds());
        }
        out.printf("  results: %s%n", folder.dir());
        out.flush();
    }

    /** The NAT router's pool and drops, as summary.json's nat object has them. */
    private void natLines(Summary.Nat nat) {
        Nat spec = scenario.nat();
        out.printf("  NAT router (%s, %d address%s x %d ports, %d-%d): mappings peak %d of %d, conntrack TIME_WAIT"
                + " peak %d%n", spec.mode().label(), spec.addresses(), spec.addresses() == 1 ? "" : "es", spec.ports(),
                spec.firstPort(), spec.lastPort(), nat.peakMappings(), nat.portsAvailable(), nat.peakTimeWaitEntries());
        out.printf("  NAT drops: %d (insert_failed %d)%s%n", nat.drops(), nat.insertFailed(),
                nat.firstDropSecond() == null ? "" : String.format(Locale.ROOT,
                        ", first in the interval ending at %.1f s", nat.firstDropSecond()));
    }

    private void row(String label, Long client, Long server) {
        out.printf("  %-26s %10s %10s%n", label, client == null ? "-" : client, server == null ? "-" : server);
    }

    private void latencyRow(String label, LatencyDigest d) {
        out.printf("  %-12s %9d %9d %9d %9d %9d%n", label, d.count(), d.p50Us(), d.p99Us(), d.p999Us(), d.maxUs());
    }

    /** The side's total of a count, or null where the summary has none (the host lab's kernel counts). */
    private static Long total(Summary s, Side side, Counter counter) {
        SideCounters counters = s.counters().get(side.label());
        return counters == null ? null : counters.total(counter);
    }

    /** " (EADDRNOTAVAIL 12, TIMEOUT 3)": the failure counters with a count so far. */
    private static String failuresBrief(CounterValues values) {
        Map<String, Long> failures = new LinkedHashMap<>();
        for (String kind : FailureKinds.COLUMNS) {
            long n = values.getOrZero(Counters.failed(kind));
            if (n > 0) {
                failures.put(kind, n);
            }
        }
        return failuresBrief(failures);
    }

    private static String failuresBrief(Map<String, Long> failures) {
        if (failures.isEmpty()) {
            return "";
        }
        return " (" + failures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
