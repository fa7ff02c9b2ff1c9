package dev.twbench.analysis.capacity;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * How many client hosts a rate to one destination needs: under the current settings, and under
 * each change {@link PlanAdvisor} lists for one host carrying the whole rate.
 *
 * <pre>{@code
 * CapacityInputs in = CapacityInputs.builder().ephemeralPorts(1000).twReuse(0).rateCps(450.0).build();
 * FleetAdvisor.sustainableCps(in);   // 16.67: 1,000 4-tuples / 60 s
 * FleetAdvisor.hostsNeeded(in);      // 27: ceil(450 / 16.67)
 * FleetAdvisor.alternatives(in, 27, null).get(0).plan().hostsNeeded();   // 1 with tcp_tw_reuse=1
 * }</pre>
 *
 * Hosts are judged as {@link PlanAdvisor} judges its changes: by the ports alone, without
 * tcp_max_tw_buckets, since ports that keep up only because TIME_WAIT overflows (and is
 * skipped) are not a plan.
 */
public final class FleetAdvisor {
    /**
     * One of {@link PlanAdvisor}'s changes, planned for a fleet.
     *
     * @param change the change, as the advisor phrases it for one host carrying the whole rate
     * @param plan   the fleet after the change, at the host count given (or the fewest that keep up)
     */
    public record Alternative(PlanAdvisor.Change change, FleetPlan plan) {
    }

    private FleetAdvisor() {
    }

    /**
     * The rate one client host's ports keep up with for ever to the destination, judged without
     * tcp_max_tw_buckets: its 4-tuples / 60 s, or / tcp_tw_reuse_delay where reuse applies;
     * {@link Double#POSITIVE_INFINITY} where ports do not limit it (the client does not close first, ...).
     */
    public static double sustainableCps(CapacityInputs in) {
        return CapacityModel.predict(portsAlone(in)).sustainableCps();
    }

    /**
     * The fewest client hosts whose ports keep up with {@code in.rateCps()} shared evenly:
     * ceil(rate / {@link #sustainableCps}), checked against the model itself; 1 where ports do not
     * limit the rate, 0 where no number of hosts does (a host with no usable port).
     *
     * @throws IllegalArgumentException without a rate
     */
    public static long hostsNeeded(CapacityInputs in) {
        double rateCps = FleetPlan.requireRate(in);
        double perHostCps = sustainableCps(in);
        if (Double.isInfinite(perHostCps)) {
            return 1;
        }
        return smallest(rateCps, perHostCps, n -> portsKeepUp(in.withRate(rateCps / n)));
    }

    /**
     * Every change {@link PlanAdvisor#advise} lists for one host at the whole rate, each planned
     * for the fleet: at {@code clientHosts}, or at the fewest hosts that keep up after it when 0.
     *
     * @param nat the NAT in front of the hosts, or null
     */
    public static List<Alternative> alternatives(CapacityInputs in, int clientHosts, NatPool nat) {
        return PlanAdvisor.advise(in).stream().map(c -> new Alternative(c, clientHosts > 0
                ? FleetPlan.of(c.inputs(), clientHosts, nat) : FleetPlan.needed(c.inputs(), nat))).toList();
    }

    /**
     * The fewest n &ge; 1 for which {@code lasts} holds, starting from ceil(rate / perHostCps): the
     * predicate is the model's own verdict, so a quotient like 450 / 16.666... cannot be off by one
     * either way. 0 where {@code perHostCps} is 0 (nothing lasts).
     */
    static long smallest(double rateCps, double perHostCps, LongPredicate lasts) {
        if (perHostCps <= 0) {
            return 0;
        }
        long n = Math.max(1, (long) Math.ceil(rateCps / perHostCps));
        while (n > 1 && lasts.test(n - 1)) {
            n--;
        }
        while (!lasts.test(n)) {
            n++;
        }
        return n;
    }

    static boolean portsKeepUp(CapacityInputs in) {
        return CapacityModel.predict(portsAlone(in)).exhaustionSeconds() == null;
    }

    private static CapacityInputs portsAlone(CapacityInputs in) {
        return in.toBuilder().clientMaxTwBuckets(Long.MAX_VALUE).build();
    }
}
