package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityPrediction;
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
        if (!changes.isEmpty()) {
            out.printf(Locale.ROOT, "Changes for %s new connections/s (each alone):%n", Format.count(in.rateCps()));
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
        out.flush();
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
