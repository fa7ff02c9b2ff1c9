package dev.twbench.analysis.capacity;

import dev.twbench.loadgen.scenario.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One server destination fed by several alike client hosts sharing a rate evenly: the capacity
 * model applied to each host at its share, and to the server (and a NAT) at the fleet's total.
 * The hosts' ports bound each host; the server's tcp_max_tw_buckets and a NAT the fleet shares
 * bound the total, and no number of client hosts lifts those.
 *
 * <pre>{@code
 * CapacityInputs in = CapacityInputs.builder().ephemeralPorts(1000).twReuse(0).rateCps(450.0).build();
 * FleetPlan fleet = FleetPlan.of(in, 3);
 * fleet.perHost().rateCps();          // 150: 450 / 3
 * fleet.perHost().runsOutSeconds();   // 6.67: 1,000 / 150, the earliest each host's ports run out
 * fleet.hostsNeeded();                // 27: ceil(450 / (1,000 / 60 s))
 * fleet.server().overflowAboveCps();  // 2,184.5: the server's tcp_max_tw_buckets (131,072) / 60 s
 * }</pre>
 *
 * @param inputs      the fleet's: {@code rateCps} is the total to the destination; every other field
 *                    is one host's (and the server's), as alike for every host
 * @param clientHosts hosts sharing the rate evenly
 * @param perHost     one host at its share
 * @param hostsNeeded the fewest hosts whose ports keep up ({@link FleetAdvisor#hostsNeeded}); 0
 *                    where no number does
 * @param server      the server's TIME_WAIT under the whole fleet
 * @param nat         the NAT between the hosts and the server, or null
 * @param reasoning   the formulas applied, in sentences, as {@link CapacityPrediction#reasoning}
 */
public record FleetPlan(CapacityInputs inputs, int clientHosts, PerHost perHost, long hostsNeeded,
        ServerTimeWait server, FleetNat nat, List<String> reasoning) {

    public FleetPlan {
        reasoning = List.copyOf(reasoning);
    }

    /**
     * One client host at its share of the fleet's rate.
     *
     * @param inputs                the host's: the fleet's with {@code rateCps} its share
     * @param prediction            the capacity model for the host
     * @param sustainableCps        the rate its ports keep up with by themselves
     *                              ({@link FleetAdvisor#sustainableCps}); infinite where they do not limit it
     * @param clientTimeWait        the host's TIME_WAIT at steady state without tcp_max_tw_buckets,
     *                              with what sets it: what the limit is measured against
     */
    public record PerHost(CapacityInputs inputs, CapacityPrediction prediction, double sustainableCps,
            CapacityPrediction.Level clientTimeWait) {

        /** New connections/s each host makes: the fleet's rate / the hosts. */
        public double rateCps() {
            return inputs.rateCps();
        }

        /**
         * When this host's ports run out at its share: its 4-tuples / share seconds, the earliest
         * they can (the host keeping its schedule); null where they last. The figure a fleet run's
         * first failure on each host is compared with.
         */
        public Double runsOutSeconds() {
            return prediction.exhaustionSeconds();
        }

        /**
         * How long one of its 4-tuples takes to come back: 4-tuples / {@code sustainableCps}, so 60 s
         * (TIME_WAIT), or tcp_tw_reuse_delay where reuse applies; 0 where ports do not limit the rate,
         * NaN for a host without a usable port.
         */
        public double portCycleSeconds() {
            return Double.isInfinite(sustainableCps) ? 0 : prediction.portPool() / sustainableCps;
        }

        /** The host's TIME_WAIT would pass its tcp_max_tw_buckets: closes past it skip TIME_WAIT. */
        public boolean clientOverflows() {
            return clientTimeWait.sockets() > inputs.clientMaxTwBuckets();
        }
    }

    /**
     * The server's TIME_WAIT under the whole fleet.
     *
     * @param holdsTimeWait    the close order leaves TIME_WAIT on the server
     * @param timeWaitSockets  its level at steady state without tcp_max_tw_buckets: the fleet's
     *                         rate x 60 s, capped by the 4-tuples the hosts (or a Linux NAT) cycle through
     * @param limit            what sets that level, as {@link CapacityPrediction.Level#limit}
     * @param maxTwBuckets     the server's net.ipv4.tcp_max_tw_buckets
     * @param overflowAboveCps maxTwBuckets / 60 s: above this fleet rate the server's TIME_WAIT
     *                         overflows once the hosts' 4-tuples do not come back within 60 s, and more
     *                         client hosts only make sure they do not
     */
    public record ServerTimeWait(boolean holdsTimeWait, long timeWaitSockets, String limit, long maxTwBuckets,
            double overflowAboveCps) {

        /** Closes past tcp_max_tw_buckets skip TIME_WAIT; TcpExt TCPTimeWaitOverflow counts them. */
        public boolean overflows() {
            return timeWaitSockets > maxTwBuckets;
        }
    }

    /** {@code clientHosts} hosts without a NAT. */
    public static FleetPlan of(CapacityInputs in, int clientHosts) {
        return of(in, clientHosts, null);
    }

    /** The fewest hosts that keep up: by their ports, and by their own NAT pools where ports are counted per VM. */
    public static FleetPlan needed(CapacityInputs in, NatPool nat) {
        long hosts = FleetAdvisor.hostsNeeded(in);
        Long natHosts = nat == null ? null : FleetNat.hostsNeeded(nat, requireRate(in), in.clientAddresses());
        if (natHosts != null) {
            hosts = Math.max(hosts, natHosts);
        }
        return of(in, (int) Math.max(1, Math.min(Integer.MAX_VALUE, hosts)), nat);
    }

    /**
     * {@code clientHosts} hosts sharing {@code in.rateCps()} evenly.
     *
     * @param nat the NAT between the hosts and the server ({@link FleetNat} says who shares it), or null
     * @throws IllegalArgumentException without a rate, or with fewer than one host
     */
    public static FleetPlan of(CapacityInputs in, int clientHosts, NatPool nat) {
        double rateCps = requireRate(in);
        if (clientHosts < 1) {
            throw new IllegalArgumentException("a fleet has at least one client host, not " + clientHosts);
        }
        CapacityInputs share = in.withRate(rateCps / clientHosts);
        CapacityPrediction unbounded = CapacityModel.predict(share.toBuilder().clientMaxTwBuckets(Long.MAX_VALUE)
                .serverMaxTwBuckets(Long.MAX_VALUE).build());
        PerHost perHost = new PerHost(share, CapacityModel.predict(share), FleetAdvisor.sustainableCps(in),
                unbounded.plateau().get(Side.CLIENT));
        long hostsNeeded = FleetAdvisor.hostsNeeded(in);
        ServerTimeWait server = server(in, clientHosts, nat, unbounded.plateau().get(Side.SERVER));
        FleetNat fleetNat = nat == null ? null : FleetNat.of(nat, rateCps, clientHosts, in.clientAddresses());

        List<String> why = new ArrayList<>();
        why.add(String.format(Locale.ROOT, "%d client host(s) share %s new connections/s to the destination evenly:"
                + " %s / %d = %s each.", clientHosts, cps(rateCps), cps(rateCps), clientHosts,
                cps(perHost.rateCps())));
        why.add(hostsSentence(perHost, rateCps, hostsNeeded));
        if (perHost.runsOutSeconds() != null) {
            why.add(String.format(Locale.ROOT, "At %s/s each host's ports run out after %s / %s = %.2f s, the"
                    + " earliest they can (each host keeping its schedule).", cps(perHost.rateCps()),
                    CapacityModel.count(perHost.prediction().portPool()), cps(perHost.rateCps()),
                    perHost.runsOutSeconds()));
        }
        if (in.closeOrder().holdsTimeWait(Side.CLIENT)) {
            why.add(String.format(Locale.ROOT, "Each host's TIME_WAIT levels off at %s (%s), %s its"
                    + " tcp_max_tw_buckets (%s)%s.", CapacityModel.count(perHost.clientTimeWait().sockets()),
                    perHost.clientTimeWait().limit(), perHost.clientOverflows() ? "above" : "within",
                    CapacityModel.count(in.clientMaxTwBuckets()), perHost.clientOverflows()
                            ? ": closes past it skip TIME_WAIT (TcpExt TCPTimeWaitOverflow) on every host" : ""));
        }
        why.add(serverSentence(in, clientHosts, server));
        if (fleetNat != null) {
            why.addAll(fleetNat.reasoning());
        }
        return new FleetPlan(in, clientHosts, perHost, hostsNeeded, server, fleetNat, why);
    }

    /**
     * Enough when every host's ports keep up at its share and the NAT lasts; by overflow when that
     * holds only because a host's or the server's TIME_WAIT passes tcp_max_tw_buckets.
     */
    public PlanAdvisor.Verdict verdict() {
        if (perHost.runsOutSeconds() != null || (nat != null && !nat.lasts())) {
            return PlanAdvisor.Verdict.NOT_ENOUGH;
        }
        return perHost.clientOverflows() || server.overflows() ? PlanAdvisor.Verdict.ENOUGH_BY_OVERFLOW
                : PlanAdvisor.Verdict.ENOUGH;
    }

    /**
     * The server's level: one host's contribution times the hosts (their 4-tuples differ by
     * source address), or behind a Linux NAT the NAT's mappings, which are all the server sees.
     */
    private static ServerTimeWait server(CapacityInputs in, int clientHosts, NatPool nat,
            CapacityPrediction.Level oneHost) {
        double overflowAboveCps = in.serverMaxTwBuckets() / CapacityModel.TIME_WAIT_SECONDS;
        boolean holds = in.closeOrder().holdsTimeWait(Side.SERVER);
        long natMappings = nat != null && nat.linux()
                ? nat.mappingsFor((int) Math.min(Integer.MAX_VALUE, (long) clientHosts * in.clientAddresses()))
                : in.natMappings();
        CapacityPrediction.Level level;
        if (!holds) {
            level = oneHost;
        } else if (natMappings > 0) {
            level = CapacityModel.predict(in.toBuilder().natMappings(natMappings)
                    .serverMaxTwBuckets(Long.MAX_VALUE).build()).plateau().get(Side.SERVER);
        } else if (oneHost.limit().equals("rate x 60 s")) {
            // Rounded once for the fleet, not once per host.
            level = new CapacityPrediction.Level(Math.round(in.rateCps() * CapacityModel.TIME_WAIT_SECONDS),
                    oneHost.limit());
        } else {
            level = new CapacityPrediction.Level(oneHost.sockets() * clientHosts,
                    clientHosts + " x each host's " + oneHost.limit());
        }
        return new ServerTimeWait(holds, level.sockets(), level.limit(), in.serverMaxTwBuckets(), overflowAboveCps);
    }

    private static String hostsSentence(PerHost perHost, double rateCps, long hostsNeeded) {
        if (Double.isInfinite(perHost.sustainableCps())) {
            return "Ports do not limit a host's rate here, so one client host keeps up with " + cps(rateCps)
                    + "/s as far as its ports go.";
        }
        if (hostsNeeded == 0) {
            return "A host has no usable port: no number of client hosts keeps up.";
        }
        long pool = perHost.prediction().portPool();
        return String.format(Locale.ROOT, "One host's ports keep up with %s / %s s = %s/s: ceil(%s / %s) = %d"
                + " client host(s) keep up with %s/s.", CapacityModel.count(pool),
                seconds(perHost.portCycleSeconds()), cps(perHost.sustainableCps()), cps(rateCps),
                cps(perHost.sustainableCps()), hostsNeeded, cps(rateCps));
    }

    private static String serverSentence(CapacityInputs in, int clientHosts, ServerTimeWait server) {
        if (!server.holdsTimeWait()) {
            return "The server never closes first (" + in.closeOrder().label() + "): it holds no TIME_WAIT, so its"
                    + " tcp_max_tw_buckets (" + CapacityModel.count(server.maxTwBuckets()) + ") binds at no rate.";
        }
        return String.format(Locale.ROOT, "The server holds TIME_WAIT for every host: %s x 60 s, capped by the"
                + " 4-tuples the %d host(s) cycle through, is %s (%s), %s its tcp_max_tw_buckets (%s). Above %s / 60 s"
                + " = %s new connections/s it overflows as soon as the hosts' 4-tuples do not come back within 60 s,"
                + " and more hosts only make sure they do not: no number of client hosts lifts this limit. Closing"
                + " sockets past it skip TIME_WAIT at once, TcpExt TCPTimeWaitOverflow counts them, and their"
                + " 4-tuples lose its protection.", cps(in.rateCps()),
                clientHosts, CapacityModel.count(server.timeWaitSockets()), server.limit(),
                server.overflows() ? "above" : "within", CapacityModel.count(server.maxTwBuckets()),
                CapacityModel.count(server.maxTwBuckets()), cps(server.overflowAboveCps()));
    }

    static double requireRate(CapacityInputs in) {
        if (in.rateCps() == null) {
            throw new IllegalArgumentException("a fleet plan needs a rate: rateCps is null");
        }
        return in.rateCps();
    }

    /**
     * A rate as the fleet plan prints it: two decimals below 1,000 where it has them (16.67, 150),
     * whole with separators above (2,185); "unlimited" for infinity.
     */
    public static String cps(double cps) {
        if (Double.isInfinite(cps)) {
            return "unlimited";
        }
        if (cps >= 1000 || cps == Math.rint(cps)) {
            return String.format(Locale.ROOT, "%,.0f", cps);
        }
        return String.format(Locale.ROOT, "%.2f", cps);
    }

    /** 60, 1 or 0.5: a period without trailing zeros. */
    private static String seconds(double s) {
        return new BigDecimal(String.format(Locale.ROOT, "%.3f", s)).stripTrailingZeros().toPlainString();
    }
}
