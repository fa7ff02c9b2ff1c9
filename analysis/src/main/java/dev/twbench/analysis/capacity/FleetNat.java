package dev.twbench.analysis.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A NAT between a fleet of client hosts and their one destination, as {@code plan}'s NAT options
 * describe it. Which hosts share its ports follows the NAT:
 *
 * <ul>
 *   <li>ports counted per VM ({@link NatPool#portsPerHost}: {@code --nat gcp-cloud-nat},
 *       {@code --nat azure-lb}): every host has a pool of its own at its share of the rate, so more
 *       hosts help, and {@code hostsNeeded} says how many;</li>
 *   <li>every other NAT ({@code --nat-ports}, {@code --nat-hold}, {@code --nat aws-natgw},
 *       {@code --nat azure-natgw}): one pool in front of the whole fleet, which bounds the fleet's
 *       total whatever the number of hosts. Behind Linux's NAT, whose snat maps each client
 *       address to one NAT address, each host's addresses count towards the NAT addresses used.</li>
 * </ul>
 *
 * <pre>{@code
 * FleetNat nat = FleetNat.of(NatPresets.GCP_CLOUD_NAT.pool(1, 50), 10, 4, 1);
 * nat.perHost();        // true: 64 ports per VM
 * nat.rateCps();        // 2.5: each host's share
 * nat.hostsNeeded();    // 19: ceil(10 / (64 / 120 s))
 * }</pre>
 *
 * @param pool            the NAT
 * @param perHost         true where every host has its own pool of this size
 * @param rateCps         new connections/s one pool sees: a host's share, or the fleet's total
 * @param clientAddresses source addresses behind one pool: one host's, or every host's
 * @param prediction      the NAT model at that rate
 * @param hostsNeeded     for pools per host: the fewest hosts whose pools last at their share; null
 *                        for a pool the fleet shares (the host count does not change what it
 *                        sustains), where its hold is not published, or no number of hosts does
 * @param reasoning       the steps, in sentences, the NAT model's own among them
 */
public record FleetNat(NatPool pool, boolean perHost, double rateCps, int clientAddresses, NatPrediction prediction,
        Long hostsNeeded, List<String> reasoning) {

    public FleetNat {
        reasoning = List.copyOf(reasoning);
    }

    /**
     * @param fleetRateCps     new connections/s the fleet makes to the destination
     * @param clientHosts      hosts sharing it evenly
     * @param addressesPerHost source addresses each host spreads over
     */
    public static FleetNat of(NatPool pool, double fleetRateCps, int clientHosts, int addressesPerHost) {
        List<String> why = new ArrayList<>();
        if (pool.portsPerHost()) {
            double shareCps = fleetRateCps / clientHosts;
            NatPrediction p = predict(pool, shareCps, addressesPerHost);
            Long needed = hostsNeeded(pool, fleetRateCps, addressesPerHost);
            why.add(String.format(Locale.ROOT, "%s counts its ports per VM: each of the %d client host(s) has its own"
                    + " pool at its share, %s / %d = %s new connections/s, so more hosts help.", pool.name(),
                    clientHosts, FleetPlan.cps(fleetRateCps), clientHosts, FleetPlan.cps(shareCps)));
            why.addAll(p.reasoning());
            if (needed != null) {
                why.add(String.format(Locale.ROOT, "Each pool sustains %s/s: ceil(%s / %s) = %d host(s) keep up with"
                        + " %s/s.", FleetPlan.cps(p.sustainableCps()), FleetPlan.cps(fleetRateCps),
                        FleetPlan.cps(p.sustainableCps()), needed, FleetPlan.cps(fleetRateCps)));
            }
            return new FleetNat(pool, true, shareCps, addressesPerHost, p, needed, why);
        }
        // Saturated: Linux's snat uses at most one NAT address per client address, and never more than it has.
        int behind = (int) Math.min(Integer.MAX_VALUE, (long) clientHosts * addressesPerHost);
        NatPrediction p = predict(pool, fleetRateCps, behind);
        why.add(String.format(Locale.ROOT, "%s is one pool in front of all %d client host(s) (%d source address(es)"
                + " behind it): it sees the fleet's total, %s new connections/s, whatever the number of hosts.",
                pool.name(), clientHosts, behind, FleetPlan.cps(fleetRateCps)));
        why.addAll(p.reasoning());
        if (p.sustainableCps() != null) {
            why.add(String.format(Locale.ROOT, "So the fleet's total is bounded by %s new connections/s to the"
                    + " destination, however many client hosts share it.", FleetPlan.cps(p.sustainableCps())));
        }
        return new FleetNat(pool, false, fleetRateCps, behind, p, null, why);
    }

    /** The pool lasts at this rate: no drops from running out of mappings. */
    public boolean lasts() {
        return prediction.runsOutSeconds() == null;
    }

    /**
     * The fewest hosts whose own pools last at {@code fleetRateCps} shared evenly; null for a
     * pool the fleet shares, or where the NAT model gives no sustainable rate.
     */
    static Long hostsNeeded(NatPool pool, double fleetRateCps, int addressesPerHost) {
        if (!pool.portsPerHost()) {
            return null;
        }
        Double perHostCps = predict(pool, fleetRateCps, addressesPerHost).sustainableCps();
        if (perHostCps == null) {
            return null;
        }
        long n = FleetAdvisor.smallest(fleetRateCps, perHostCps,
                k -> predict(pool, fleetRateCps / k, addressesPerHost).runsOutSeconds() == null);
        return n == 0 ? null : n;
    }

    /** Short connections, as {@code plan} plans them: open for no time before the close. */
    private static NatPrediction predict(NatPool pool, double rateCps, int clientAddresses) {
        return NatModel.predict(pool, rateCps, clientAddresses, 0);
    }
}
