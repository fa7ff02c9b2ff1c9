package dev.twbench.analysis.capacity;

/**
 * What a client's port range allows, by the formulas in KERNEL-FACTS.md ("Capacity"). Each
 * 4-tuple (source address, source port, destination address, destination port) can carry one
 * connection, and a client that closes first keeps its side of it in TIME_WAIT for 60 s.
 *
 * @param ports               usable ephemeral ports: ip_local_port_range minus ip_local_reserved_ports
 * @param twReuse             net.ipv4.tcp_tw_reuse (0 off, 1 on, 2 loopback only)
 * @param twReuseDelayMs      net.ipv4.tcp_tw_reuse_delay (1000 where the kernel has no such sysctl)
 * @param timestamps          net.ipv4.tcp_timestamps is on (tcp_tw_reuse needs it)
 * @param maxTimeWaitBuckets  net.ipv4.tcp_max_tw_buckets
 */
public record PortCapacity(int ports, int twReuse, long twReuseDelayMs, boolean timestamps, long maxTimeWaitBuckets) {
    /** TCP_TIMEWAIT_LEN, fixed at compile time. */
    public static final double TIME_WAIT_SECONDS = 60.0;

    /**
     * @param portRange     "32768 60999"
     * @param reservedPorts "40000-40099,50000" or empty
     */
    public static PortCapacity of(String portRange, String reservedPorts, int twReuse, long twReuseDelayMs,
            boolean timestamps, long maxTimeWaitBuckets) {
        String[] ends = portRange.trim().split("\\s+");
        int low = Integer.parseInt(ends[0]);
        int high = Integer.parseInt(ends[1]);
        return new PortCapacity(high - low + 1 - reservedWithin(reservedPorts, low, high), twReuse, twReuseDelayMs,
                timestamps, maxTimeWaitBuckets);
    }

    /** How many of the reserved ports fall inside [low, high]. */
    static int reservedWithin(String reserved, int low, int high) {
        int count = 0;
        for (String item : reserved.trim().isEmpty() ? new String[0] : reserved.trim().split(",")) {
            String[] range = item.split("-");
            int from = Math.max(low, Integer.parseInt(range[0].trim()));
            int to = Math.min(high, Integer.parseInt(range[range.length - 1].trim()));
            count += Math.max(0, to - from + 1);
        }
        return count;
    }

    /** New connections per second to one destination that a client closing first can keep up forever, without reuse. */
    public double sustainableWithoutReuseCps() {
        return ports / TIME_WAIT_SECONDS;
    }

    /** The same with tcp_tw_reuse=1 (and timestamps): a port comes back after tcp_tw_reuse_delay. */
    public double sustainableWithReuseCps() {
        return ports / (twReuseDelayMs / 1000.0);
    }

    /** True where connect() may take over the client's own TIME_WAIT between two hosts (not loopback). */
    public boolean reuseBetweenHosts() {
        return twReuse == 1 && timestamps;
    }

    /** Seconds until the ports run out at {@code rateCps} to one destination, client closing first, without reuse. */
    public double secondsToExhaustion(double rateCps) {
        return ports / rateCps;
    }

    /** New connections per second at which the closing side's TIME_WAIT reaches tcp_max_tw_buckets (and overflows). */
    public double timeWaitOverflowAboveCps() {
        return maxTimeWaitBuckets / TIME_WAIT_SECONDS;
    }
}
