package dev.twbench.analysis.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The single changes that make a NAT last at the planned rate, each with the model's prediction
 * after it: more ports, more addresses, a shorter hold, or fewer new connections (reuse).
 */
public final class NatAdvisor {
    /** One change and what the model predicts with it. */
    public record Change(String change, NatPrediction after) {
    }

    private NatAdvisor() {
    }

    /** Empty when the NAT already lasts at this rate. */
    public static List<Change> advise(NatPool nat, double rateCps, int clientAddresses, double openSeconds) {
        NatPrediction now = NatModel.predict(nat, rateCps, clientAddresses, openSeconds);
        List<Change> changes = new ArrayList<>();
        if (now.runsOutSeconds() == null) {
            return changes;
        }
        // Mappings one destination needs: every connection open or held at once.
        double heldSeconds = openSeconds + (nat.holdSeconds() == null ? 0 : nat.holdSeconds());
        long needed = (long) Math.ceil(rateCps * heldSeconds) + 1;
        int used = nat.addressesUsedBy(clientAddresses);
        long ports = (needed + used - 1) / used;
        if (ports <= 64_512) {
            add(changes, String.format(Locale.ROOT, "%,d ports per NAT address", ports),
                    nat.with(ports, nat.addresses(), nat.holdSeconds()), rateCps, clientAddresses, openSeconds);
        }
        long addresses = (needed + nat.portsPerAddress() - 1) / nat.portsPerAddress();
        if (addresses <= nat.maxAddresses() && !nat.linux()) {
            add(changes, String.format(Locale.ROOT, "%d NAT addresses", addresses),
                    nat.with(nat.portsPerAddress(), (int) addresses, nat.holdSeconds()), rateCps, clientAddresses,
                    openSeconds);
        }
        if (nat.holdSeconds() != null) {
            double hold = Math.max(0, nat.mappings() / rateCps - openSeconds) * 0.9;
            if (hold >= 1) {
                add(changes, String.format(Locale.ROOT, "a hold of %.0f s after the close (from %.0f s)", hold,
                        nat.holdSeconds()), nat.with(nat.portsPerAddress(), nat.addresses(), hold), rateCps,
                        clientAddresses, openSeconds);
            }
            // Keep-alive: fewer new connections for the same requests.
            long perConnection = (long) Math.ceil(rateCps / (nat.mappings() / heldSeconds) / 0.9);
            add(changes, String.format(Locale.ROOT, "%d requests per connection (keep-alive: %s new connections/s)",
                    perConnection, NatModel.perSecond(rateCps / perConnection)), nat, rateCps / perConnection,
                    clientAddresses, openSeconds);
        }
        return changes;
    }

    private static void add(List<Change> changes, String change, NatPool nat, double rateCps, int clientAddresses,
            double openSeconds) {
        changes.add(new Change(change, NatModel.predict(nat, rateCps, clientAddresses, openSeconds)));
    }
}
