package dev.twbench.loadgen.probe;

/**
 * One line of /proc/net/tcp or /proc/net/tcp6.
 *
 * @param state       the socket's state
 * @param local       this host's end
 * @param remote      the peer's end (0.0.0.0:0 for a listener)
 * @param timer       the kind of timer pending ({@code tr}): 0 none, 1 retransmit, 2 keep-alive,
 *                    3 TIME_WAIT, 4 zero-window probe
 * @param timerLeftCs how long until that timer fires ({@code tm->when}), in hundredths of a
 *                    second (the kernel prints clock ticks of USER_HZ, 100 per second)
 * @param uid         the owner's user id (0 for TIME_WAIT, which has no owner left)
 * @param inode       the socket's inode, which /proc/PID/fd links to as "socket:[inode]" (0 for TIME_WAIT)
 */
public record TcpSocket(TcpState state, Endpoint local, Endpoint remote, int timer, long timerLeftCs, long uid,
        long inode) {
    /** {@code tr} of a socket whose TIME_WAIT timer runs. */
    public static final int TIME_WAIT_TIMER = 3;
}
