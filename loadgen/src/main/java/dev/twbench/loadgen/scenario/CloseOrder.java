package dev.twbench.loadgen.scenario;


/**
 * Who closes, and how, as a pair of {@link CloseStep}s. Every connection reads the whole
 * request and response before any close, so no side closes with unread data (which would send
 * an RST instead of a FIN, see docs/kernel-facts.md).
 */
public enum CloseOrder {
    /** The client closes after reading the response; the server closes on EOF. TIME_WAIT: client. */
    CLIENT_FIRST("client-first", CloseStep.CLOSE_AFTER_EXCHANGE, CloseStep.CLOSE_ON_PEER_EOF, true),
    /** The server closes after writing the response; the client closes on EOF. TIME_WAIT: server. */
    SERVER_FIRST("server-first", CloseStep.CLOSE_ON_PEER_EOF, CloseStep.CLOSE_AFTER_EXCHANGE, true),
    /** Both close right after the exchange without waiting for the other: the kernel decides who holds TIME_WAIT. */
    SIMULTANEOUS("simultaneous", CloseStep.CLOSE_AFTER_EXCHANGE, CloseStep.CLOSE_AFTER_EXCHANGE, true),
    /** The client resets (SO_LINGER 0) after reading the response. TIME_WAIT: neither; the server reads ECONNRESET. */
    CLIENT_RST("client-rst", CloseStep.ABORT_AFTER_EXCHANGE, CloseStep.CLOSE_ON_PEER_EOF, false),
    /** The server resets (SO_LINGER 0) after writing the response. TIME_WAIT: neither; the client reads ECONNRESET. */
    SERVER_RST("server-rst", CloseStep.CLOSE_ON_PEER_EOF, CloseStep.ABORT_AFTER_EXCHANGE, false),
    /** The client shuts down its output after the request; the server answers and closes. TIME_WAIT: client. */
    HALF_CLOSE("half-close", CloseStep.SHUTDOWN_OUTPUT_THEN_CLOSE_ON_PEER_EOF, CloseStep.CLOSE_AFTER_EXCHANGE, true),
    /** The client keeps the connection; the server closes it after --idle-timeout. TIME_WAIT: server. */
    SERVER_IDLE("server-idle", CloseStep.CLOSE_ON_PEER_EOF, CloseStep.CLOSE_AFTER_IDLE, true);

    private final String label;
    private final CloseStep clientStep;
    private final CloseStep serverStep;
    private final boolean graceful;

    CloseOrder(String label, CloseStep clientStep, CloseStep serverStep, boolean graceful) {
        this.label = label;
        this.clientStep = clientStep;
        this.serverStep = serverStep;
        this.graceful = graceful;
    }

    public String label() {
        return label;
    }

    public CloseStep step(Side side) {
        return side == Side.CLIENT ? clientStep : serverStep;
    }

    /**
     * The side (or sides) whose FIN goes first and so holds TIME_WAIT, as docs/kernel-facts.md says;
     * for {@code simultaneous} both may, the kernel decides. Not simply the step that closes
     * without waiting: in {@code half-close} the server closes at once, but only after the
     * client's FIN has arrived, so it is the passive closer.
     */
    public boolean holdsTimeWait(Side side) {
        return switch (this) {
            case CLIENT_FIRST, HALF_CLOSE -> side == Side.CLIENT;
            case SERVER_FIRST, SERVER_IDLE -> side == Side.SERVER;
            case SIMULTANEOUS -> true;
            case CLIENT_RST, SERVER_RST -> false;
        };
    }

    /** Both sides send a FIN, so every connection leaves at least one side in TIME_WAIT. */
    public boolean graceful() {
        return graceful;
    }

    public static CloseOrder parse(String text) {
        return Labelled.parse("--close", text, values(), CloseOrder::label);
    }

    public static String labels() {
        return Labelled.list(values(), CloseOrder::label);
    }
}
