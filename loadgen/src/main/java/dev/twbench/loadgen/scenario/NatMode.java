package dev.twbench.loadgen.scenario;


/**
 * How the NAT lab's router picks a source address and port for each new connection
 * ({@code --nat-mode}): one nftables statement, with the flags nft(8) documents.
 */
public enum NatMode {
    /** {@code snat to ADDRS:PORTS}: the kernel keeps the client's port when it is free in the range, else searches. */
    SNAT("snat", "snat ip to", ""),
    /** {@code masquerade to :PORTS}: the outgoing interface's primary address (one address only). */
    MASQUERADE("masquerade", "masquerade to", ""),
    /** {@code snat ... random}: the port search starts at a hashed offset. */
    RANDOM("random", "snat ip to", " random"),
    /** {@code snat ... fully-random}: every port is picked at random (prandom). */
    FULLY_RANDOM("fully-random", "snat ip to", " fully-random"),
    /** {@code snat ... persistent}: a client gets the same NAT address for every connection. */
    PERSISTENT("persistent", "snat ip to", " persistent");

    private final String label;
    private final String statement;
    private final String flags;

    NatMode(String label, String statement, String flags) {
        this.label = label;
        this.statement = statement;
        this.flags = flags;
    }

    public String label() {
        return label;
    }

    /**
     * The nft statement that maps to {@code addresses} (nft's {@code A} or {@code A-B}, ignored by
     * masquerade, which takes the interface's address) and ports {@code firstPort-lastPort}.
     */
    public String nftStatement(String addresses, int firstPort, int lastPort) {
        String target = this == MASQUERADE ? "" : addresses;
        return statement + " " + target + ":" + firstPort + "-" + lastPort + flags;
    }

    public static NatMode parse(String text) {
        return Labelled.parse("--nat-mode", text, values(), NatMode::label);
    }

    public static String labels() {
        return Labelled.list(values(), NatMode::label);
    }

    @Override
    public String toString() {
        return label;
    }
}
