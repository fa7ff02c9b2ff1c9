package dev.twbench.analysis.capacity;

import dev.twbench.loadgen.scenario.ClientBind.Mode;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The formulas of docs/kernel-facts.md ("Capacity"), extended to the bind modes:
 *
 * <pre>{@code
 * CapacityPrediction p = CapacityModel.predict(CapacityInputs.fromRunJson(runJson));
 * p.sustainableCps();      // ports / 60 s without reuse: 28232 / 60 = 470 per second
 * p.exhaustionSeconds();   // ports / rate, when rate > sustainable
 * p.plateau().get(CLIENT); // min(rate x 60 s, ports, tcp_max_tw_buckets)
 * }</pre>
 *
 * <ul>
 *   <li>A 4-tuple holds at most one TIME_WAIT socket, so the client's pool is its ports times
 *       the (source, destination) pairs that may share a port: connect() without bind and with
 *       IP_BIND_ADDRESS_NO_PORT share a port across destinations; bind(addr, 0) chooses the port
 *       before the destination is known, so it cannot.</li>
 *   <li>The active closer keeps each socket 60 s (TCP_TIMEWAIT_LEN); tcp_tw_reuse=1 (loopback only
 *       for 2) with timestamps lets connect() take one over after tcp_tw_reuse_delay; a socket bound
 *       to a fixed port with SO_REUSEADDR takes one over at once when timestamps are on.</li>
 *   <li>At tcp_max_tw_buckets a closing socket skips TIME_WAIT: its port is free again at once.</li>
 *   <li>When only the server holds TIME_WAIT, the client's ports are free at once and connect()
 *       comes back to the same 4-tuple after walking one parity of the range (it prefers
 *       even ports for connect(), odd ones for bind(0)); the new SYN then takes over the
 *       server's TIME_WAIT, which caps the server's level near half the pool. With tcp_tw_reuse
 *       the client's own level stays near half the pool the same way, as long as a
 *       tcp_tw_reuse_delay's worth of connections fits in that half.</li>
 * </ul>
 */
public final class CapacityModel {
    /** TCP_TIMEWAIT_LEN, fixed at compile time. */
    public static final double TIME_WAIT_SECONDS = 60.0;

    private CapacityModel() {
    }

    public static CapacityPrediction predict(CapacityInputs in) {
        List<String> why = new ArrayList<>();
        boolean clientHolds = in.closeOrder().holdsTimeWait(Side.CLIENT);
        boolean serverHolds = in.closeOrder().holdsTimeWait(Side.SERVER);
        long pool = portPool(in);
        why.add(poolSentence(in, pool));

        // How fast the client's ports come back.
        double sustainable;
        if (!clientHolds) {
            sustainable = Double.POSITIVE_INFINITY;
            why.add("The client never closes first (" + in.closeOrder().label() + "), so its ports are free as soon"
                    + " as each connection ends: ports do not limit the rate.");
        } else if (in.clientBind().mode() == Mode.RANGE && in.timestamps()) {
            sustainable = Double.POSITIVE_INFINITY;
            why.add("Each socket binds a fixed port with SO_REUSEADDR and timestamps are on, so connect() takes"
                    + " over the 4-tuple's TIME_WAIT at once (TWRecycled): ports do not limit the rate.");
        } else if (in.clientMaxTwBuckets() < pool) {
            sustainable = Double.POSITIVE_INFINITY;
            why.add(String.format(Locale.ROOT, "tcp_max_tw_buckets (%d) is below the pool: beyond it closing sockets"
                    + " skip TIME_WAIT (TCPTimeWaitOverflow) and free their port at once.", in.clientMaxTwBuckets()));
        } else if (reuseApplies(in)) {
            sustainable = pool / (in.twReuseDelayMs() / 1000.0);
            why.add(String.format(Locale.ROOT, "tcp_tw_reuse=%d applies here and timestamps are on: connect() takes"
                    + " over a TIME_WAIT older than tcp_tw_reuse_delay (%d ms), so %s / %.3f s = %s per second.",
                    in.twReuse(), in.twReuseDelayMs(), count(pool), in.twReuseDelayMs() / 1000.0, rate(sustainable)));
        } else {
            sustainable = pool / TIME_WAIT_SECONDS;
            why.add(String.format(Locale.ROOT, "Each port stays in TIME_WAIT for 60 s (%s), so %s / 60 s = %s new"
                    + " connections per second.", noReuseReason(in), count(pool), rate(sustainable)));
        }

        Double exhaustion = null;
        if (in.rateCps() != null && in.rateCps() > sustainable) {
            exhaustion = pool / in.rateCps();
            why.add(String.format(Locale.ROOT, "At %s per second the ports run out after %s / %s = %.1f s.",
                    rate(in.rateCps()), count(pool), rate(in.rateCps()), exhaustion));
        }

        Double connectSlows = null;
        Mode mode = in.clientBind().mode();
        if (exhaustion != null && (mode == Mode.NONE || mode == Mode.NO_PORT)) {
            connectSlows = pool / 2.0 / in.rateCps();
            why.add(String.format(Locale.ROOT, "connect() tries the even ports first: after %s / 2 / %s = %.1f s they are"
                    + " all in TIME_WAIT, each connect() walks them before it takes an odd port, and the client falls"
                    + " behind its schedule, so the ports run out later than %.1f s (measured: 37.8 s for 28.2 s at"
                    + " 1,000/s, about 21 s for 14.1 s at 2,000/s; docs/kernel-facts.md, \"Capacity\").",
                    count(pool), rate(in.rateCps()), connectSlows, exhaustion));
        }

        Map<Side, CapacityPrediction.Level> plateau = new EnumMap<>(Side.class);
        Map<Side, CapacityPrediction.Level> peak = new EnumMap<>(Side.class);
        for (Side side : Side.ENDS) {
            boolean holds = side == Side.CLIENT ? clientHolds : serverHolds;
            plateau.put(side, level(in, side, holds, pool, TIME_WAIT_SECONDS));
            peak.put(side, level(in, side, holds, pool, Math.min(TIME_WAIT_SECONDS, in.loadSeconds())));
        }
        return new CapacityPrediction(pool, sustainable, exhaustion, connectSlows, plateau, peak, List.copyOf(why));
    }

    /** TIME_WAIT after {@code seconds} of load on one side: rate x time, capped by what the side can hold. */
    private static CapacityPrediction.Level level(CapacityInputs in, Side side, boolean holds, long pool,
            double seconds) {
        if (!holds) {
            return new CapacityPrediction.Level(0, "no active close");
        }
        long buckets = side == Side.CLIENT ? in.clientMaxTwBuckets() : in.serverMaxTwBuckets();
        long tuples = side == Side.CLIENT ? clientTuples(in, pool) : serverCycle(in, pool);
        String tupleLimit = side == Side.CLIENT ? (tuples < pool ? "one parity of the ports" : "ports")
                : in.natMappings() > 0 ? "the NAT's mappings" : "source-port cycle";
        if (in.rateCps() == null) {
            return buckets <= tuples ? new CapacityPrediction.Level(buckets, "tcp_max_tw_buckets")
                    : new CapacityPrediction.Level(tuples, tupleLimit);
        }
        long byRate = Math.round(in.rateCps() * seconds);
        String rateLimit = seconds >= TIME_WAIT_SECONDS ? "rate x 60 s" : "rate x load";
        if (byRate <= tuples && byRate <= buckets) {
            return new CapacityPrediction.Level(byRate, rateLimit);
        }
        return buckets <= tuples ? new CapacityPrediction.Level(buckets, "tcp_max_tw_buckets")
                : new CapacityPrediction.Level(tuples, tupleLimit);
    }

    /**
     * 4-tuples the client can have in TIME_WAIT at once: its ports times the source addresses,
     * times the destinations when a port may be shared across them.
     */
    public static long portPool(CapacityInputs in) {
        long ports = in.clientBind().mode() == Mode.RANGE ? in.clientBind().rangeSize() : in.ephemeralPorts();
        long perPort = switch (in.clientBind().mode()) {
            case NONE -> in.serverPorts();
            case PORT0 -> in.clientAddresses();
            case NO_PORT, RANGE -> (long) in.clientAddresses() * in.serverPorts();
        };
        return ports * perPort;
    }

    /**
     * TIME_WAIT sockets the client can hold. With tcp_tw_reuse, connect() walks one parity of the
     * range first and takes a port there that is free or holds a TIME_WAIT older than the delay;
     * it moves on to the other parity only when none is left, so the level stays near half the
     * pool for as long as a delay's worth of connections fits in that half.
     */
    private static long clientTuples(CapacityInputs in, long pool) {
        boolean halfSuffices = in.rateCps() != null && in.rateCps() * in.twReuseDelayMs() / 1000.0 <= (pool + 1) / 2;
        return reuseApplies(in) && halfSuffices ? (pool + 1) / 2 : pool;
    }

    /**
     * 4-tuples the client goes through before it comes back to one, when it holds no TIME_WAIT
     * itself; behind a NAT, the mappings the NAT goes through (it reuses ports in TIME_WAIT).
     */
    private static long serverCycle(CapacityInputs in, long pool) {
        if (in.natMappings() > 0) {
            return in.natMappings();
        }
        return in.clientBind().mode() == Mode.RANGE ? pool : (pool + 1) / 2;
    }

    /** tcp_tw_reuse lets connect() choose a port in TIME_WAIT (it does nothing for bind(addr, 0)). */
    static boolean reuseApplies(CapacityInputs in) {
        boolean on = in.twReuse() == 1 || (in.twReuse() == 2 && in.loopback());
        Mode mode = in.clientBind().mode();
        return on && in.timestamps() && (mode == Mode.NONE || mode == Mode.NO_PORT);
    }

    private static String noReuseReason(CapacityInputs in) {
        if (in.clientBind().mode() == Mode.PORT0) {
            return "bind(addr, 0) chooses the port, and tcp_tw_reuse only helps connect()";
        }
        if (in.clientBind().mode() == Mode.RANGE) {
            return "timestamps are off, so the fixed-port socket cannot take the TIME_WAIT over";
        }
        if (!in.timestamps()) {
            return "timestamps are off, which tcp_tw_reuse needs";
        }
        return in.twReuse() == 2 ? "tcp_tw_reuse=2 means loopback only, and this is not loopback"
                : "tcp_tw_reuse=" + in.twReuse();
    }

    private static String poolSentence(CapacityInputs in, long pool) {
        Mode mode = in.clientBind().mode();
        String ports = mode == Mode.RANGE ? count(in.clientBind().rangeSize()) + " ports of twbench's own range"
                : count(in.ephemeralPorts()) + " ephemeral ports";
        String spread = switch (mode) {
            case NONE -> " x " + in.serverPorts() + " destination port(s)";
            case PORT0 -> " x " + in.clientAddresses() + " source address(es) (bind(addr, 0) cannot share a port"
                    + " across destinations)";
            case NO_PORT, RANGE -> " x " + in.clientAddresses() + " source address(es) x " + in.serverPorts()
                    + " destination port(s)";
        };
        return "The client has " + ports + spread + " = " + count(pool) + " 4-tuples, each able to hold one"
                + " TIME_WAIT socket.";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double cps) {
        return Double.isInfinite(cps) ? "unlimited" : String.format(Locale.ROOT, "%,.0f", cps);
    }
}
