package dev.twbench.analysis.capacity;

/**
 * What a host's client-side sysctls allow one destination, as {@code doctor} states it: the
 * capacity model asked three standard questions.
 *
 * @param ports               usable ephemeral ports: ip_local_port_range minus ip_local_reserved_ports
 * @param twReuse             net.ipv4.tcp_tw_reuse (0 off, 1 on, 2 loopback only)
 * @param twReuseDelayMs      net.ipv4.tcp_tw_reuse_delay (1000 where the kernel has no such sysctl)
 * @param timestamps          net.ipv4.tcp_timestamps is on (tcp_tw_reuse needs it)
 * @param maxTimeWaitBuckets  net.ipv4.tcp_max_tw_buckets
 */
public record PortCapacity(int ports, int twReuse, long twReuseDelayMs, boolean timestamps, long maxTimeWaitBuckets) {

    /** The client-side values of {@code inputs}, as a host's capacity. */
    public static PortCapacity of(CapacityInputs inputs) {
        return new PortCapacity(inputs.ephemeralPorts(), inputs.twReuse(), inputs.twReuseDelayMs(), inputs.timestamps(),
                inputs.clientMaxTwBuckets());
    }

    /** Client-first to one destination over veth, at {@code rateCps}, with tcp_tw_reuse as given. */
    private CapacityPrediction predict(int reuse, double rateCps) {
        return CapacityModel.predict(CapacityInputs.builder().ephemeralPorts(ports).twReuse(reuse)
                .twReuseDelayMs(twReuseDelayMs).timestamps(reuse == 1 || timestamps).rateCps(rateCps)
                .clientMaxTwBuckets(Long.MAX_VALUE).build());
    }

    /**
     * The model's inputs for one real destination of this host: connect() without bind, closing
     * first, from {@code sourceAddresses} local addresses (each one a port range of 4-tuples).
     *
     * @param loopback the destination is on loopback, where tcp_tw_reuse=2 means on
     * @param rateCps  new connections per second to it, or null when unknown
     */
    public CapacityInputs forDestination(int sourceAddresses, boolean loopback, Double rateCps) {
        return CapacityInputs.builder().ephemeralPorts(ports * Math.max(1, sourceAddresses)).loopback(loopback)
                .twReuse(twReuse).twReuseDelayMs(twReuseDelayMs).timestamps(timestamps)
                .clientMaxTwBuckets(maxTimeWaitBuckets).rateCps(rateCps).build();
    }

    /** New connections per second to one destination that a client closing first can keep up forever, without reuse. */
    public double sustainableWithoutReuseCps() {
        return predict(0, 1).sustainableCps();
    }

    /** The same with tcp_tw_reuse=1 (and timestamps): a port comes back after tcp_tw_reuse_delay. */
    public double sustainableWithReuseCps() {
        return predict(1, 1).sustainableCps();
    }

    /** True where connect() may take over the client's own TIME_WAIT between two hosts (not loopback). */
    public boolean reuseBetweenHosts() {
        return twReuse == 1 && timestamps;
    }

    /** New connections per second at which the closing side's TIME_WAIT reaches tcp_max_tw_buckets (and overflows). */
    public double timeWaitOverflowAboveCps() {
        return maxTimeWaitBuckets / CapacityModel.TIME_WAIT_SECONDS;
    }
}
