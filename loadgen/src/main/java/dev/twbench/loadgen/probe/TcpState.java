package dev.twbench.loadgen.probe;

/**
 * A TCP socket's state as the kernel numbers it (include/net/tcp_states.h), the {@code st} column of
 * /proc/net/tcp. A request socket (NEW_SYN_RECV inside the kernel) is listed as {@link #SYN_RECV}.
 */
public enum TcpState {
    UNKNOWN, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN,
    CLOSING, NEW_SYN_RECV, BOUND_INACTIVE;

    private static final TcpState[] BY_NUMBER = values();

    /** The state numbered {@code number} by the kernel, or {@link #UNKNOWN} for a number this enum does not know. */
    public static TcpState ofNumber(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
    }
}
