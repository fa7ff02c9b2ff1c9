package dev.twbench.loadgen.counter;

/**
 * Where a counter's value comes from. A counter's {@link Counter#sourceName()} is the name it has
 * there: the kernel's own name for kernel counters, so that a new one is one schema entry.
 */
public enum Source {
    /** Counted by twbench's engine in the agent, from Go; an agent that is gone counts nothing more. */
    ENGINE("twbench's engine", true),
    /** The {@code TcpExt} lines of {@code /proc/net/netstat} in the side's namespace, cumulative since it was created. */
    TCP_EXT("/proc/net/netstat TcpExt", false),
    /** The {@code Tcp:} lines of {@code /proc/net/snmp} in the side's namespace (RFC 1213's MIB), cumulative since it was created. */
    TCP("/proc/net/snmp Tcp", false),
    /** The {@code TCP:} line of {@code /proc/net/sockstat} in the side's namespace. */
    SOCKSTAT("/proc/net/sockstat TCP", false),
    /**
     * The NAT lab's router: {@code /proc/net/stat/nf_conntrack} (its namespace's conntrack
     * statistics, cumulative since the router was created) and {@code /proc/net/nf_conntrack}
     * (its table, for the levels).
     */
    CONNTRACK("/proc/net/stat/nf_conntrack and /proc/net/nf_conntrack in the router", false),
    /** The memory of the run's own processes. */
    MEMORY("the run's processes", false);

    private final String description;
    private final boolean countsFromGo;

    Source(String description, boolean countsFromGo) {
        this.description = description;
        this.countsFromGo = countsFromGo;
    }

    public String description() {
        return description;
    }

    /**
     * Its counts start at zero at Go. Otherwise they have run since before the run (a namespace's
     * counters): the run's own share is the difference from the first reading.
     */
    public boolean countsFromGo() {
        return countsFromGo;
    }
}
