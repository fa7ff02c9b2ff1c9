package dev.twbench.analysis.capacity;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Labelled;
import java.util.List;

/**
 * Cloud NATs by their vendors' published figures ({@code plan --nat NAME}). These are the
 * vendors' numbers, quoted with their source, not measurements: twbench's lab measures Linux.
 */
public enum NatPresets {
    AWS_NATGW("aws-natgw", "AWS NAT Gateway", 8,
            "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html") {
        @Override
        NatPool pool(int backendPoolSize) {
            return new NatPool(title(), 55_000, 1, null, false, source(), maxAddresses(), List.of(
                    "55,000 simultaneous connections per NAT address to each unique destination (IP, port, protocol)",
                    "up to 8 addresses per gateway (--nat-addresses)",
                    "how long a port stays taken after a close is not published"));
        }
    },
    AZURE_LB("azure-lb", "Azure Load Balancer outbound rules", 1,
            "https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections") {
        @Override
        NatPool pool(int backendPoolSize) {
            return new NatPool(title() + " (default allocation, backend pool of " + backendPoolSize + ")",
                    defaultPortsPerVm(backendPoolSize), 1, null, false, source(), maxAddresses(), List.of(
                            "64,000 SNAT ports per frontend address",
                            "by default each VM gets 1,024 ports in a backend pool of up to 50 VMs, 512 up to 100,"
                                    + " 256 up to 200, 128 up to 400, 64 up to 800 and 32 up to 1,000"
                                    + " (--backend-pool-size)",
                            "how long a port stays taken after a close is not among these figures"));
        }
    },
    AZURE_NATGW("azure-natgw", "Azure NAT Gateway", 16,
            "https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource") {
        @Override
        NatPool pool(int backendPoolSize) {
            return new NatPool(title(), 64_512, 1, 65.0, false, source(), maxAddresses(), List.of(
                    "64,512 ports per address, up to 16 addresses (--nat-addresses)",
                    "a port is held 65 s after a FIN close and 16 s after an RST"));
        }
    },
    GCP_CLOUD_NAT("gcp-cloud-nat", "Google Cloud NAT", 1,
            "https://cloud.google.com/nat/docs/ports-and-addresses") {
        @Override
        NatPool pool(int backendPoolSize) {
            return new NatPool(title() + " (static allocation, per VM)", 64, 1, 120.0, false, source(),
                    maxAddresses(), List.of(
                    "64 ports per VM by default (minimum ports per VM, static allocation)",
                    "TCP TIME_WAIT timeout 120 s: a port stays taken 120 s after its connection closed"));
        }
    };

    private final String label;
    private final String title;
    private final String source;
    private final int maxAddresses;

    /** @param maxAddresses NAT addresses the vendor allows (1 where ports are counted per VM) */
    NatPresets(String label, String title, int maxAddresses, String source) {
        this.label = label;
        this.title = title;
        this.source = source;
        this.maxAddresses = maxAddresses;
    }

    /** The pool as published; {@code backendPoolSize} matters for {@link #AZURE_LB} only. */
    abstract NatPool pool(int backendPoolSize);

    public String label() {
        return label;
    }

    String title() {
        return title;
    }

    String source() {
        return source;
    }

    int maxAddresses() {
        return maxAddresses;
    }

    /**
     * The preset's pool, with {@code addresses} NAT addresses where the NAT allows several.
     *
     * @throws InvalidScenarioException more addresses than the vendor allows
     */
    public NatPool pool(int addresses, int backendPoolSize) {
        if (addresses > maxAddresses) {
            throw InvalidScenarioException.of("--nat-addresses", addresses, "must be at most " + maxAddresses
                    + " for " + label + (maxAddresses == 1 ? ", whose ports are counted per VM" : ""));
        }
        NatPool one = pool(backendPoolSize);
        return one.with(one.portsPerAddress(), addresses, one.holdSeconds());
    }

    /** Azure LB's default SNAT ports per VM for a backend pool of this size. */
    static int defaultPortsPerVm(int backendPoolSize) {
        int[][] tiers = {{50, 1024}, {100, 512}, {200, 256}, {400, 128}, {800, 64}, {1000, 32}};
        for (int[] tier : tiers) {
            if (backendPoolSize <= tier[0]) {
                return tier[1];
            }
        }
        return 32;
    }

    public static NatPresets parse(String text) {
        return Labelled.parse("--nat", text, values(), NatPresets::label);
    }

    public static String labels() {
        return Labelled.list(values(), NatPresets::label);
    }
}
