package dev.twbench.analysis.host;

import java.util.List;

/**
 * How much of one destination's 4-tuples this host uses: the connections it opened to one
 * remote address and port.
 *
 * @param destination             remote address:port
 * @param timeWaitSockets         4-tuples to it held in TIME_WAIT here (this host closed first)
 * @param establishedConnections  connections to it now open
 * @param otherSockets            connections to it in any other state (SYN_SENT, FIN_WAIT2, ...)
 * @param sourceAddresses         distinct local addresses used towards it
 * @param tuples                  4-tuples available: usable ephemeral ports x source addresses
 * @param timeWaitShare           timeWaitSockets / tuples
 * @param enteredTimeWait         sockets to it that entered TIME_WAIT since the watch began
 *                                (their TIME_WAIT timer had more than 60 s minus the time since
 *                                then left), or null without a watch
 * @param rateCps                 enteredTimeWait per second of the watch, or null
 * @param sustainableCps          new connections per second to it that this host's settings
 *                                sustain forever, each ending in TIME_WAIT here (the capacity model);
 *                                null where its ports do not limit the rate
 * @param exhaustionSeconds       at rateCps, when the 4-tuples run out: null if they never do, or
 *                                without a watch
 * @param owners                  the processes holding most of its established connections, as far
 *                                as this user may see them
 */
public record DestinationUse(String destination, long timeWaitSockets, long establishedConnections, long otherSockets,
        int sourceAddresses, long tuples, double timeWaitShare, Long enteredTimeWait, Double rateCps,
        Double sustainableCps, Double exhaustionSeconds, List<Owner> owners) {

    /** A process and how many of the destination's established connections it holds. */
    public record Owner(long pid, String command, long connections) {
    }
}
