package dev.twbench.loadgen.scenario;

import java.util.List;
import java.util.Locale;

/**
 * Where a run's rows come from, named as in files, charts and the CLI: the two ends of every
 * connection, and the NAT router between them when the lab has one ({@code run --nat-ports}).
 */
public enum Side {
    CLIENT,
    SERVER,
    /** The NAT lab's middle namespace: it forwards and source-NATs, and ends no connection itself. */
    ROUTER;

    /** The two ends of every connection: each has an agent, TIME_WAIT and TcpExt counters of its own. */
    public static final List<Side> ENDS = List.of(CLIENT, SERVER);

    /** {@code client}, {@code server} or {@code router}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The other end of the connection. */
    public Side other() {
        return switch (this) {
            case CLIENT -> SERVER;
            case SERVER -> CLIENT;
            case ROUTER -> throw new IllegalStateException("the router is not an end of the connection");
        };
    }
}
