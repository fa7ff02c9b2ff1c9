package dev.twbench.analysis.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.scenario.Nat;
import java.util.List;
import java.util.Optional;

/**
 * A NAT between the client and its destination, as the capacity model sees it: how many source
 * ports it can lend to one destination, and how long it keeps a port after the connection closed.
 *
 * @param name             what it is ("Linux conntrack (twbench's NAT lab)", "Google Cloud NAT")
 * @param portsPerAddress  ports each NAT address lends (to one client VM, for NATs that allocate per VM)
 * @param addresses        NAT addresses
 * @param holdSeconds      how long a port stays taken after its connection closed; null where the
 *                         NAT reuses ports whose connection is closing (Linux) or the figure is
 *                         not published
 * @param linux            Linux conntrack's behaviour, measured in twbench's lab: a port whose entry
 *                         is in TIME_WAIT is taken over by a new connection, and snat maps one
 *                         client address to one NAT address (a hash of both addresses)
 * @param source           where the figures come from: the lab's run, or the vendor's page
 * @param maxAddresses     the most addresses it can have (1 where ports are counted per VM)
 * @param notes            what else the source says that bears on a plan
 */
public record NatPool(String name, long portsPerAddress, int addresses, Double holdSeconds, boolean linux,
        String source, int maxAddresses, List<String> notes) {

    /** The NAT lab's limit, which a plan of a NAT described by its figures shares. */
    static final int MAX_ADDRESSES = Nat.MAX_ADDRESSES;

    public NatPool {
        notes = List.copyOf(notes);
    }

    /** The same NAT with other ports, addresses or hold: what a change to it would make. */
    NatPool with(long ports, int newAddresses, Double hold) {
        return new NatPool(name, ports, newAddresses, hold, linux, source, maxAddresses, notes);
    }

    /** Linux conntrack with these ports and addresses: what {@code run --nat-ports} builds. */
    public static NatPool linux(long ports, int addresses) {
        return new NatPool("Linux conntrack (twbench's NAT lab)", ports, addresses, null, true,
                "measured in twbench's NAT lab on Linux 6.18 (docs/kernel-facts.md, \"NAT and conntrack\")", MAX_ADDRESSES, List.of());
    }

    /** A NAT described by its figures alone: ports, addresses and how long it holds a closed connection's port. */
    public static NatPool generic(long ports, int addresses, double holdSeconds) {
        return new NatPool("a NAT holding each port " + Math.round(holdSeconds) + " s after the close", ports,
                addresses, holdSeconds, false, "the figures given (--nat-ports, --nat-addresses, --nat-hold)",
                MAX_ADDRESSES, List.of());
    }

    /** The NAT lab of a run, from its run.json; empty for a run without one. */
    public static Optional<NatPool> fromRunJson(JsonNode runJson) {
        JsonNode nat = runJson.path("scenario").path("nat");
        if (!nat.isObject()) {
            return Optional.empty();
        }
        return Optional.of(linux(nat.path("ports").asLong(), nat.path("addresses").asInt(1)));
    }

    /**
     * The NAT addresses {@code clientAddresses} can use to one destination: all of them, but on
     * Linux, whose snat maps each client address to one NAT address, at most one per client address.
     */
    public int addressesUsedBy(int clientAddresses) {
        return linux ? Math.min(addresses, clientAddresses) : addresses;
    }

    /** The mappings {@code clientAddresses} can hold to one destination. */
    public long mappingsFor(int clientAddresses) {
        return portsPerAddress * addressesUsedBy(clientAddresses);
    }

    /**
     * Each client host (VM) has ports of its own, as Google Cloud NAT's static allocation and Azure
     * Load Balancer's default allocation give them; the other NATs lend one pool to every host
     * behind them. Read from {@code maxAddresses}, which is 1 exactly where ports are counted per VM.
     */
    public boolean portsPerHost() {
        return maxAddresses == 1;
    }

    /** Every mapping the NAT has to one destination: ports x addresses. */
    public long mappings() {
        return portsPerAddress * addresses;
    }
}
