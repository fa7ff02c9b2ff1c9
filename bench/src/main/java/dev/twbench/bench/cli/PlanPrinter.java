package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityPrediction;
import dev.twbench.analysis.capacity.FleetAdvisor;
import dev.twbench.analysis.capacity.FleetNat;
import dev.twbench.analysis.capacity.FleetPlan;
import dev.twbench.analysis.capacity.NatAdvisor;
import dev.twbench.analysis.capacity.NatModel;
import dev.twbench.analysis.capacity.NatPool;
import dev.twbench.analysis.capacity.NatPrediction;
import dev.twbench.analysis.capacity.PlanAdvisor;
import dev.twbench.analysis.capacity.PredictionCheck;
import dev.twbench.analysis.report.Format;
import dev.twbench.loadgen.scenario.Side;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The console form of a capacity plan and of its verification. */
final class PlanPrinter {
    private static final String OVERFLOW = "past it a closing socket skips TIME_WAIT (TcpExt TCPTimeWaitOverflow),"
            + " which is what lets the ports keep up, without TIME_WAIT's protection";
    private static final String SERVER_OVERFLOW = "past its tcp_max_tw_buckets a closing socket skips TIME_WAIT at"
            + " once (TcpExt TCPTimeWaitOverflow counts it) and its 4-tuple loses TIME_WAIT's protection";

    private PlanPrinter() {
    }

    static void print(PrintWriter out, CapacityInputs in, CapacityPrediction p, List<PlanAdvisor.Change> changes) {
        out.printf(Locale.ROOT, "plan: %s, %s new connections/s, client bind %s, %d source address(es) x %d"
                        + " destination port(s), %,d ephemeral ports, tcp_tw_reuse=%d%s%n", in.closeOrder().label(),
                Format.count(in.rateCps()), in.clientBind(), in.clientAddresses(), in.serverPorts(), in.ephemeralPorts(),
                in.twReuse(), in.timestamps() ? "" : ", timestamps off");
        out.printf(Locale.ROOT, "  client 4-tuples        %,d%n", p.portPool());
        out.printf(Locale.ROOT, "  sustainable rate       %s%n", p.portsLimitRate()
                ? "about " + Format.count(p.sustainableCps()) + " new connections/s" : "not limited by the client's ports");
        out.printf(Locale.ROOT, "  ports run out after    %s%n", p.exhaustionSeconds() == null ? "never, at this rate"
                : String.format(Locale.ROOT, "%.1f s, then connect() fails (EADDRNOTAVAIL; EADDRINUSE with port0)",
                        p.exhaustionSeconds()));
        if (p.connectSlowsSeconds() != null) {
            out.printf(Locale.ROOT, "  connect() slows after  %.1f s, once the even ports (half) are all in TIME_WAIT: the"
                    + " client falls behind, and the ports run out later than the line above%n", p.connectSlowsSeconds());
        }
        for (Side side : Side.ENDS) {
            CapacityPrediction.Level level = p.plateau().get(side);
            out.printf(Locale.ROOT, "  TIME_WAIT plateau      %-6s %,d (%s)%n", side.label(), level.sockets(),
                    level.limit());
        }
        PlanAdvisor.overflowingSides(in).forEach((side, level) -> out.printf(Locale.ROOT,
                "  TIME_WAIT overflows    %-6s would reach %,d, above its tcp_max_tw_buckets: %s%n", side.label(), level,
                OVERFLOW));
        out.println("Why:");
        p.reasoning().forEach(r -> out.println("  - " + r));
        printChanges(out, String.format(Locale.ROOT, "Changes for %s new connections/s (each alone):",
                Format.count(in.rateCps())), changes);
        out.flush();
    }

    /** Each change under {@code heading}, with its verdict and the model's figures after it; nothing when none. */
    private static void printChanges(PrintWriter out, String heading, List<PlanAdvisor.Change> changes) {
        if (!changes.isEmpty()) {
            out.println(heading);
            for (PlanAdvisor.Change c : changes) {
                CapacityPrediction after = c.prediction();
                String effect = switch (c.verdict()) {
                    case NOT_ENOUGH -> String.format(Locale.ROOT, "not enough: sustains %s/s, ports run out after %.1f s",
                            Format.count(after.sustainableCps()), after.exhaustionSeconds());
                    case ENOUGH -> String.format(Locale.ROOT, "enough: %s; TIME_WAIT plateau client %s, server %s",
                            after.portsLimitRate() ? "sustains " + Format.count(after.sustainableCps()) + "/s"
                                    : "ports no longer limit the rate",
                            level(after.plateau().get(Side.CLIENT)), level(after.plateau().get(Side.SERVER)));
                    case ENOUGH_BY_OVERFLOW -> overflow(c.inputs());
                };
                out.printf(Locale.ROOT, "  - %s: %s%n", c.change(), effect);
            }
        }
    }

    /**
     * The fleet after the one-host plan: hosts needed (the formula beside each figure), each
     * host at its share, the server's and a NAT's limits, which no host count lifts, and the hosts
     * needed under each of the advisor's changes.
     *
     * @param hostsGiven     the host count was given (--client-hosts), not the fewest that keep up
     * @param perHostChanges the advisor's changes for one host at its share; empty when it keeps up
     */
    static void printFleet(PrintWriter out, FleetPlan fleet, boolean hostsGiven, List<FleetAdvisor.Alternative>
            alternatives, List<PlanAdvisor.Change> perHostChanges) {
        double rateCps = fleet.inputs().rateCps();
        FleetPlan.PerHost host = fleet.perHost();
        out.printf(Locale.ROOT, "Fleet: %s new connections/s to one destination, %s; the plan above is one host"
                + " carrying all of it%n", FleetPlan.cps(rateCps), hostsGiven
                ? String.format(Locale.ROOT, "shared by %d client hosts (%s / %d = %s/s each)", fleet.clientHosts(),
                        FleetPlan.cps(rateCps), fleet.clientHosts(), FleetPlan.cps(host.rateCps()))
                : "spread evenly over client hosts");
        long pool = host.prediction().portPool();
        out.printf(Locale.ROOT, "  one host sustains      %s%n", Double.isInfinite(host.sustainableCps())
                ? "any rate: ports do not limit it" : fleet.hostsNeeded() == 0 ? "nothing: it has no usable port"
                : String.format(Locale.ROOT, "%s new connections/s (%,d 4-tuples / %s s)",
                        FleetPlan.cps(host.sustainableCps()), pool, Format.number(host.portCycleSeconds())));
        out.printf(Locale.ROOT, "  client hosts needed    %s%n", hostsNeeded(fleet, rateCps));
        out.printf(Locale.ROOT, "  %-22s %s%n", (hostsGiven ? "" : "at ") + hosts(fleet.clientHosts()),
                verdict(fleet));
        if (host.runsOutSeconds() != null) {
            out.printf(Locale.ROOT, "  each host runs out     after %,d / %s = %.2f s, then connect() fails (EADDRNOTAVAIL;"
                    + " EADDRINUSE with port0)%n", pool, FleetPlan.cps(host.rateCps()), host.runsOutSeconds());
        }
        if (host.prediction().connectSlowsSeconds() != null) {
            out.printf(Locale.ROOT, "  each host slows after  %,d / 2 / %s = %.2f s, once its even ports are all in"
                    + " TIME_WAIT, so it runs out later than the line above%n", pool, FleetPlan.cps(host.rateCps()),
                    host.prediction().connectSlowsSeconds());
        }
        if (fleet.inputs().closeOrder().holdsTimeWait(Side.CLIENT)) {
            out.printf(Locale.ROOT, "  client TIME_WAIT       %,d per host (%s), %s its tcp_max_tw_buckets (%,d)%s%n",
                    host.clientTimeWait().sockets(), host.clientTimeWait().limit(),
                    host.clientOverflows() ? "above" : "within",
                    host.inputs().clientMaxTwBuckets(), host.clientOverflows() ? ": " + OVERFLOW : "");
        }
        FleetPlan.ServerTimeWait server = fleet.server();
        if (!server.holdsTimeWait()) {
            out.printf(Locale.ROOT, "  server TIME_WAIT       0: %s leaves none on the server, so its tcp_max_tw_buckets"
                    + " (%,d) binds at no rate%n", fleet.inputs().closeOrder().label(), server.maxTwBuckets());
        } else {
            out.printf(Locale.ROOT, "  server TIME_WAIT       %,d (%s; %s x 60 s at most), %s its tcp_max_tw_buckets"
                    + " (%,d)%n", server.timeWaitSockets(), server.limit(), FleetPlan.cps(rateCps),
                    server.overflows() ? "above" : "within", server.maxTwBuckets());
            out.printf(Locale.ROOT, "  server binds above     %s new connections/s (%,d / 60 s), whatever the number of"
                    + " client hosts: %s%n", FleetPlan.cps(server.overflowAboveCps()), server.maxTwBuckets(),
                    SERVER_OVERFLOW);
        }
        if (fleet.nat() != null) {
            out.printf(Locale.ROOT, "  NAT                    %s%n", nat(fleet.nat()));
        }
        if (!alternatives.isEmpty()) {
            out.printf(Locale.ROOT, "Client hosts needed for %s new connections/s after each change (each alone):%n",
                    FleetPlan.cps(rateCps));
            alternatives.forEach(a -> out.printf(Locale.ROOT, "  - %s: %s%n", a.change().change(),
                    alternative(a.plan(), hostsGiven)));
        }
        printChanges(out, String.format(Locale.ROOT, "Changes for each host (%s) at %s new connections/s (each"
                + " alone):", hosts(fleet.clientHosts()), FleetPlan.cps(host.rateCps())), perHostChanges);
        out.println("Why (fleet):");
        fleet.reasoning().forEach(r -> out.println("  - " + r));
        out.flush();
    }

    private static String hostsNeeded(FleetPlan fleet, double rateCps) {
        double perHostCps = fleet.perHost().sustainableCps();
        String byPorts = fleet.hostsNeeded() == 0 ? "none is enough: a host has no usable port"
                : Double.isInfinite(perHostCps) ? "1: ports do not limit a host's rate"
                : String.format(Locale.ROOT, "%,d = ceil(%s / %s)", fleet.hostsNeeded(), FleetPlan.cps(rateCps),
                        FleetPlan.cps(perHostCps));
        FleetNat nat = fleet.nat();
        return nat == null || nat.hostsNeeded() == null ? byPorts : byPorts + String.format(Locale.ROOT,
                " for the ports; %,d = ceil(%s / %s) for the NAT's pools per host", nat.hostsNeeded(),
                FleetPlan.cps(rateCps), FleetPlan.cps(nat.prediction().sustainableCps()));
    }

    private static String verdict(FleetPlan fleet) {
        return switch (fleet.verdict()) {
            case ENOUGH -> "enough";
            case NOT_ENOUGH -> fleet.perHost().runsOutSeconds() != null ? "not enough: each host's ports run out"
                    : "not enough: the NAT runs out";
            case ENOUGH_BY_OVERFLOW -> "enough only by overflow: " + (fleet.perHost().clientOverflows()
                    ? "each host's" : "the server's") + " TIME_WAIT passes its tcp_max_tw_buckets (see below)";
        };
    }

    private static String nat(FleetNat nat) {
        NatPrediction p = nat.prediction();
        String sustains = p.sustainableCps() != null
                ? "it sustains " + FleetPlan.cps(p.sustainableCps()) + " new connections/s"
                : nat.pool().linux() ? "churn does not run it out (ports in TIME_WAIT are taken over)"
                : "how much churn it sustains is not published (give --nat-hold)";
        String lasts = p.runsOutSeconds() == null ? "it lasts at this rate" : String.format(Locale.ROOT,
                "it runs out after %,d / %s = %.2f s", p.pool(), FleetPlan.cps(nat.rateCps()), p.runsOutSeconds());
        if (nat.perHost()) {
            return String.format(Locale.ROOT, "%s counts ports per VM: each host has its own %,d mappings at its"
                    + " %s/s; %s; %s", nat.pool().name(), p.pool(), FleetPlan.cps(nat.rateCps()), sustains, lasts);
        }
        return String.format(Locale.ROOT, "%s is one pool in front of all hosts: %,d mappings at the fleet's %s/s;"
                + " %s, whatever the number of client hosts; %s", nat.pool().name(), p.pool(),
                FleetPlan.cps(nat.rateCps()), sustains, lasts);
    }

    /** "1 client host", "3 client hosts". */
    private static String hosts(long n) {
        return String.format(Locale.ROOT, "%,d client host%s", n, n == 1 ? "" : "s");
    }

    /** One alternative's fleet: hosts it needs, what each sustains, and what binds on the server or NAT. */
    private static String alternative(FleetPlan plan, boolean hostsGiven) {
        StringBuilder s = new StringBuilder(plan.hostsNeeded() == 0 ? "no number of client hosts"
                : hosts(plan.hostsNeeded()));
        s.append(Double.isInfinite(plan.perHost().sustainableCps()) ? " (ports no longer limit the rate)"
                : " (each sustains " + FleetPlan.cps(plan.perHost().sustainableCps()) + "/s)");
        if (hostsGiven) {
            s.append(String.format(Locale.ROOT, "; %s: %s", hosts(plan.clientHosts()), plan.verdict().label()));
        }
        FleetPlan.ServerTimeWait server = plan.server();
        if (server.holdsTimeWait()) {
            s.append(String.format(Locale.ROOT, "; the server then holds %,d TIME_WAIT with %s (%s), %s its"
                    + " tcp_max_tw_buckets (%,d), a limit that binds above %s/s whatever the number of client hosts",
                    server.timeWaitSockets(), hosts(plan.clientHosts()), server.limit(), server.overflows() ? "above"
                            : "within", server.maxTwBuckets(), FleetPlan.cps(server.overflowAboveCps())));
        }
        if (plan.nat() != null && !plan.nat().lasts()) {
            s.append("; the NAT still runs out");
        }
        return s.toString();
    }

    /** The NAT beside the client's own ports: its pool, how long it lasts, which runs out first, and the fixes. */
    static void printNat(PrintWriter out, NatPool nat, NatPrediction p, CapacityPrediction client, double rateCps,
            List<NatAdvisor.Change> changes) {
        out.printf(Locale.ROOT, "NAT: %s%s%n", nat.name(), nat.linux() ? "" : " (the vendor's figures, not measured)");
        out.printf(Locale.ROOT, "  source                 %s%n", nat.source());
        nat.notes().forEach(n -> out.printf(Locale.ROOT, "  published              %s%n", n));
        out.printf(Locale.ROOT, "  ports                  %,d per address x %d address(es)%s%n", nat.portsPerAddress(),
                nat.addresses(), nat.holdSeconds() == null ? ""
                        : String.format(Locale.ROOT, ", each held %.0f s after its connection closed", nat.holdSeconds()));
        out.printf(Locale.ROOT, "  mappings               %,d simultaneous connections per destination%n", p.pool());
        out.printf(Locale.ROOT, "  sustainable rate       %s%n", p.sustainableCps() != null
                ? "about " + NatModel.perSecond(p.sustainableCps()) + " new connections/s per destination"
                        + (nat.name().contains("per VM") ? " and VM" : "")
                : nat.linux() ? "not limited by churn (ports in TIME_WAIT are taken over)"
                        : "not known: the hold after a close is not published (give --nat-hold)");
        out.printf(Locale.ROOT, "  NAT runs out after     %s%n", p.runsOutSeconds() == null ? "never, at this rate"
                : String.format(Locale.ROOT, "%.1f s at %s/s, then new SYNs are dropped: connect() retries after"
                        + " 1 s, 3 s, 7 s ... or times out", p.runsOutSeconds(), NatModel.perSecond(rateCps)));
        if (p.reuseStartsSeconds() != null) {
            out.printf(Locale.ROOT, "  ports reused after     %.1f s: where the server closes first, SYNs meet its"
                    + " TIME_WAIT and are retransmitted%n", p.reuseStartsSeconds());
        }
        out.printf(Locale.ROOT, "Runs out first: %s%n", firstOut(p.runsOutSeconds(), client.exhaustionSeconds()));
        out.println("Why (NAT):");
        p.reasoning().forEach(r -> out.println("  - " + r));
        if (!changes.isEmpty()) {
            out.printf(Locale.ROOT, "Changes for the NAT at %s new connections/s (each alone):%n",
                    NatModel.perSecond(rateCps));
            for (NatAdvisor.Change c : changes) {
                NatPrediction after = c.after();
                out.printf(Locale.ROOT, "  - %s: %s%n", c.change(), after.runsOutSeconds() == null
                        ? "enough" + (after.sustainableCps() == null ? ""
                                : ", sustains " + NatModel.perSecond(after.sustainableCps()) + "/s")
                        : String.format(Locale.ROOT, "not enough: runs out after %.1f s", after.runsOutSeconds()));
            }
        }
        out.flush();
    }

    private static String firstOut(Double natSeconds, Double clientSeconds) {
        if (natSeconds == null && clientSeconds == null) {
            return "neither, at this rate";
        }
        if (clientSeconds == null || (natSeconds != null && natSeconds <= clientSeconds)) {
            return String.format(Locale.ROOT, "the NAT, after %.1f s%s", natSeconds, clientSeconds == null
                    ? " (the client's own ports last)" : String.format(Locale.ROOT, " (the client's ports after %.1f s)",
                            clientSeconds));
        }
        return String.format(Locale.ROOT, "the client's own ports, after %.1f s%s", clientSeconds, natSeconds == null
                ? " (the NAT lasts)" : String.format(Locale.ROOT, " (the NAT after %.1f s)", natSeconds));
    }

    static void printChecks(PrintWriter out, List<PredictionCheck> checks) {
        out.println("Predicted vs measured:");
        for (PredictionCheck c : checks) {
            out.printf(Locale.ROOT, "  %-48s predicted %-12s measured %-12s %-8s %s%n", c.quantity(),
                    Format.value(c.predicted(), c.unit()), Format.value(c.measured(), c.unit()),
                    c.diffPercent() == null ? "" : String.format(Locale.ROOT, "%+.1f%%", c.diffPercent()),
                    switch (c.verdict()) {
                        case AGREES -> "agrees";
                        case DISAGREES -> "DISAGREES: " + c.note();
                        case NOT_REACHED -> "not reached: " + c.note();
                    });
        }
        out.flush();
    }

    /** "enough only by overflow: the client's TIME_WAIT would reach 300,000, above ..." */
    private static String overflow(CapacityInputs in) {
        Map<Side, Long> over = PlanAdvisor.overflowingSides(in);
        return "enough only by overflow: " + over.entrySet().stream().map(e -> String.format(Locale.ROOT,
                "the %s's TIME_WAIT would reach %,d, above tcp_max_tw_buckets (%,d)", e.getKey().label(), e.getValue(),
                e.getKey() == Side.CLIENT ? in.clientMaxTwBuckets() : in.serverMaxTwBuckets()))
                .collect(Collectors.joining(", and ")) + String.format(Locale.ROOT, ", so closes past it skip TIME_WAIT"
                + " (TCPTimeWaitOverflow); raise net.ipv4.tcp_max_tw_buckets to %,d too",
                over.values().stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private static String level(CapacityPrediction.Level level) {
        return level.sockets() == 0 ? "0" : String.format(Locale.ROOT, "%,d (%s)", level.sockets(), level.limit());
    }
}
