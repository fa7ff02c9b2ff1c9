package dev.twbench.analysis.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capacity model of a NAT in front of the client (docs/kernel-facts.md, "NAT and conntrack").
 *
 * <ul>
 * <li>Concurrency: a NAT with P ports on each of K addresses holds at most P x K connections to
 *     one destination, open ones plus, where it holds ports after a close, the closed ones it still
 *     holds.</li>
 * <li>Churn through a NAT that holds a port H seconds after the close (cloud NATs): about
 *     P x K / H new connections per second to one destination; at a higher rate it runs out after
 *     P x K / rate seconds.</li>
 * <li>Linux conntrack takes over a port whose entry is in TIME_WAIT, so churn does not run it out.
 *     After P x K connections it starts to reuse ports, and where the server closes first the new
 *     SYN can meet the server's TIME_WAIT on the same 4-tuple and be retransmitted a second later.
 *     Its snat picks the address by a hash of the client's and the server's addresses: one client
 *     address uses one NAT address, so K addresses serve at most K client addresses' worth.</li>
 * </ul>
 *
 * <pre>{@code
 * NatPrediction p = NatModel.predict(NatPool.linux(1000, 1), 200, 1, 10);   // held open 10 s
 * p.runsOutSeconds();                                                       // 5.0
 * }</pre>
 */
public final class NatModel {
    private NatModel() {
    }

    /**
     * @param rateCps         new connections per second to the one destination
     * @param clientAddresses source addresses behind the NAT
     * @param openSeconds     how long each connection stays open (0 for short connections)
     */
    public static NatPrediction predict(NatPool nat, double rateCps, int clientAddresses, double openSeconds) {
        List<String> why = new ArrayList<>();
        int addressesUsed = nat.addressesUsedBy(clientAddresses);
        long pool = nat.mappingsFor(clientAddresses);
        if (nat.linux() && addressesUsed < nat.addresses()) {
            why.add(String.format(Locale.ROOT, "Linux snat maps each client address to one NAT address: %d client"
                    + " address(es) use at most %d of the %d, so %,d mappings", clientAddresses, addressesUsed,
                    nat.addresses(), pool));
        } else {
            why.add(String.format(Locale.ROOT, "%,d ports x %d address(es) = %,d mappings to one destination",
                    nat.portsPerAddress(), addressesUsed, pool));
        }
        double concurrent = rateCps * openSeconds;
        Double runsOut = null;
        Double sustainable = null;
        Double reuseStarts = null;
        if (nat.linux()) {
            reuseStarts = pool / rateCps;
            why.add(String.format(Locale.ROOT, "Linux takes over ports whose entries are in TIME_WAIT: churn does"
                    + " not run it out; after %,d connections (%.1f s) it reuses ports, and where the server closes"
                    + " first a reused port's SYN meets the server's TIME_WAIT and is sent again 1 s later", pool,
                    reuseStarts));
            if (concurrent >= pool) {
                runsOut = pool / rateCps;
                why.add(String.format(Locale.ROOT, "%,.0f connections open at once (%s/s x %.1f s) fill the %,d:"
                        + " full after %.1f s, then new SYNs are dropped until a connection closes", concurrent,
                        perSecond(rateCps), openSeconds, pool, runsOut));
            }
        } else if (nat.holdSeconds() != null) {
            double heldSeconds = openSeconds + nat.holdSeconds();
            sustainable = pool / heldSeconds;
            why.add(String.format(Locale.ROOT, "each connection holds its port %.0f s (open %.1f s + held %.0f s"
                    + " after the close): %,d / %.0f s = %s new connections/s", heldSeconds, openSeconds,
                    nat.holdSeconds(), pool, heldSeconds, perSecond(sustainable)));
            if (rateCps > sustainable) {
                runsOut = pool / rateCps;
                why.add(String.format(Locale.ROOT, "at %s/s the pool is full after %,d / %s = %.1f s",
                        perSecond(rateCps), pool, perSecond(rateCps), runsOut));
            }
        } else {
            why.add("how long this NAT holds a port after the close is not published: give --nat-hold to plan churn");
            if (concurrent >= pool) {
                runsOut = pool / rateCps;
            }
        }
        return new NatPrediction(pool, sustainable, runsOut, reuseStarts, why);
    }

    /** A rate as a plan prints it: two decimals below 10 (0.53), whole numbers above. */
    public static String perSecond(double cps) {
        return cps < 10 ? String.format(Locale.ROOT, "%.2f", cps) : String.format(Locale.ROOT, "%,.0f", cps);
    }
}
