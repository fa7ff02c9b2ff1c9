package dev.twbench.loadgen.probe;

import java.util.OptionalLong;

/**
 * What the kernel said about one side at one instant.
 *
 * @param timeWait TIME_WAIT sockets held by this side; empty when not read at this tick
 *                 (the host lab reads /proc/net/tcp at most once a second)
 * @param tcpInUse TCP sockets in use in this side's namespace (sockstat {@code inuse})
 * @param tcpExt   cumulative TcpExt counters of this side's namespace
 */
public record ProbeReading(OptionalLong timeWait, long tcpInUse, TcpExt tcpExt) {
}
