package dev.twbench.analysis.host;

import java.util.List;

/**
 * What one namespace's socket table says about TIME_WAIT, as {@code doctor} shows it.
 *
 * @param timeWaitSockets        every TIME_WAIT socket in the table
 * @param outgoingTimeWait       of those, connections this host opened and closed first
 * @param incomingTimeWait       of those, connections this host accepted and closed first
 * @param establishedConnections every established connection
 * @param destinations           the destinations with the most TIME_WAIT, most first
 * @param services               the local services with the most TIME_WAIT, most first
 * @param hiddenProcesses        processes whose sockets this user may not see, so their connections have no owner named
 */
public record HostSockets(long timeWaitSockets, long outgoingTimeWait, long incomingTimeWait,
        long establishedConnections, List<DestinationUse> destinations, List<ServiceUse> services,
        int hiddenProcesses) {
}
