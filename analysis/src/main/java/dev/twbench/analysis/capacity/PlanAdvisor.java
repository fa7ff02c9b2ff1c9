package dev.twbench.analysis.capacity;

import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.ClientBind.Mode;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The changes that would let a client keep up a rate its ports cannot, each with the model's
 * prediction for it, so a capacity plan can say "turn on tcp_tw_reuse or spread over 12 ports".
 */
public final class PlanAdvisor {
    /** The widest range ip_local_port_range allows without reaching the well-known ports. */
    public static final int WIDEST_RANGE_PORTS = 65_535 - 1_024 + 1;

    /**
     * A what-if.
     *
     * @param change     what to change, as the user would do it
     * @param inputs     the inputs after the change
     * @param prediction the model's prediction after the change
     */
    public record Change(String change, CapacityInputs inputs, CapacityPrediction prediction) {
        /** The change makes the input rate sustainable, whether cleanly or by TIME_WAIT overflowing. */
        public boolean sufficient() {
            return verdict() != Verdict.NOT_ENOUGH;
        }

        public Verdict verdict() {
            return Verdict.of(inputs, prediction);
        }
    }

    /** Whether a plan keeps up, judged against every limit the model knows. */
    public enum Verdict {
        /** The ports keep up and no side's TIME_WAIT passes its tcp_max_tw_buckets. */
        ENOUGH("enough"),
        /**
         * The ports keep up only because a side's TIME_WAIT would pass tcp_max_tw_buckets: the
         * kernel then skips TIME_WAIT for the excess (TCPTimeWaitOverflow), losing its protection.
         */
        ENOUGH_BY_OVERFLOW("enough by overflow"),
        /** The ports run out. */
        NOT_ENOUGH("not enough");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The verdict on {@code prediction}, made of {@code inputs}. */
        public static Verdict of(CapacityInputs inputs, CapacityPrediction prediction) {
            if (inputs.rateCps() != null && prediction.exhaustionSeconds() != null) {
                return NOT_ENOUGH;
            }
            return overflowingSides(inputs).isEmpty() ? ENOUGH : ENOUGH_BY_OVERFLOW;
        }
    }

    /**
     * The sides whose TIME_WAIT would pass their tcp_max_tw_buckets at steady state, with the level
     * it would reach without that limit: what to raise the limit to.
     */
    public static Map<Side, Long> overflowingSides(CapacityInputs in) {
        CapacityPrediction unbounded = CapacityModel.predict(in.toBuilder().clientMaxTwBuckets(Long.MAX_VALUE)
                .serverMaxTwBuckets(Long.MAX_VALUE).build());
        Map<Side, Long> over = new EnumMap<>(Side.class);
        for (Side side : Side.ENDS) {
            long level = unbounded.plateau().get(side).sockets();
            long buckets = side == Side.CLIENT ? in.clientMaxTwBuckets() : in.serverMaxTwBuckets();
            if (level > buckets) {
                over.put(side, level);
            }
        }
        return over;
    }

    private PlanAdvisor() {
    }

    /** Nothing to advise when the rate is already sustainable (or unknown). */
    public static List<Change> advise(CapacityInputs in) {
        if (in.rateCps() == null || CapacityModel.predict(in).exhaustionSeconds() == null) {
            return List.of();
        }
        Mode mode = in.clientBind().mode();
        List<Change> changes = new ArrayList<>();

        if ((mode == Mode.NONE || mode == Mode.NO_PORT) && !CapacityModel.reuseApplies(in)) {
            changes.add(change("set net.ipv4.tcp_tw_reuse=1 on the client" + (in.timestamps() ? ""
                    : " and turn tcp_timestamps back on"), in.toBuilder().twReuse(1).timestamps(true).build()));
        }
        if (mode != Mode.RANGE && in.ephemeralPorts() < WIDEST_RANGE_PORTS) {
            changes.add(change("widen net.ipv4.ip_local_port_range to 1024 65535",
                    in.toBuilder().ephemeralPorts(WIDEST_RANGE_PORTS).build()));
        }
        Mode spread = mode == Mode.NONE ? Mode.NO_PORT : mode;
        CapacityInputs.Builder spreading = in.toBuilder().clientBind(new ClientBind(spread, in.clientBind().lowPort(),
                in.clientBind().highPort()));
        smallestThatSuffices(in.clientAddresses(), 256, n -> spreading.clientAddresses(n).build()).ifPresent(n ->
                changes.add(change("use " + n + " client source addresses" + (mode == Mode.NONE
                        ? " (bind each socket with IP_BIND_ADDRESS_NO_PORT: --client-bind no-port)" : ""),
                        spreading.clientAddresses(n).build())));
        if (mode != Mode.PORT0) {
            smallestThatSuffices(in.serverPorts(), 1024, n -> in.toBuilder().serverPorts(n).build()).ifPresent(n ->
                    changes.add(change("spread over " + n + " server ports (or backends)",
                            in.toBuilder().serverPorts(n).build())));
        }
        if (in.closeOrder() == CloseOrder.CLIENT_FIRST || in.closeOrder() == CloseOrder.HALF_CLOSE) {
            changes.add(change("let the server close first (TIME_WAIT moves to the server, which has no port to run"
                    + " out of)", in.toBuilder().closeOrder(CloseOrder.SERVER_FIRST).build()));
        }
        return List.copyOf(changes);
    }

    /**
     * The smallest count above {@code current}, up to {@code max}, whose ports keep up by
     * themselves: judged without tcp_max_tw_buckets, since ports that only last because TIME_WAIT
     * overflows (and is skipped) are not a plan. The change's own prediction keeps the limit.
     */
    private static Optional<Integer> smallestThatSuffices(int current, int max, IntFunction<CapacityInputs> with) {
        for (int n = current + 1; n <= max; n++) {
            CapacityInputs unbounded = with.apply(n).toBuilder().clientMaxTwBuckets(Long.MAX_VALUE).build();
            if (CapacityModel.predict(unbounded).exhaustionSeconds() == null) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private static Change change(String what, CapacityInputs after) {
        return new Change(what, after, CapacityModel.predict(after));
    }
}
