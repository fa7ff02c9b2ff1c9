package dev.twbench.analysis.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Sets {@link NatModel}'s predictions beside what a NAT lab run measured: how full the router's
 * pool got, when it first dropped a connection, and, where the server closes first, when the
 * client's SYNs began to be retransmitted.
 */
public final class NatCheck {
    /** conntrack's default nf_conntrack_tcp_timeout_time_wait: a closed connection's entry (and port) lives this long. */
    private static final double CONNTRACK_TIME_WAIT_SECONDS = 120;

    private NatCheck() {
    }

    /** How long each connection of a run stays open: the server's idle time with server-idle, else about nothing. */
    public static double openSeconds(JsonNode runJson) {
        JsonNode scenario = runJson.path("scenario");
        return "server-idle".equals(scenario.path("closeOrder").asText())
                ? scenario.path("idleTimeoutMs").asLong() / 1000.0 : 0;
    }

    public static List<PredictionCheck> compare(NatPool nat, CapacityInputs in, double openSeconds, Summary s,
            TimeSeries series) {
        List<PredictionCheck> checks = new ArrayList<>();
        if (s.nat() == null || in.rateCps() == null) {
            return checks;
        }
        NatPrediction p = NatModel.predict(nat, in.rateCps(), in.clientAddresses(), openSeconds);
        // Every connection keeps its entry (and its port) while open and 120 s in TIME_WAIT after:
        // within a shorter load, each one started holds a mapping until the pool is full.
        double heldSeconds = Math.min(in.loadSeconds(), openSeconds + CONNTRACK_TIME_WAIT_SECONDS);
        double mappings = Math.min(p.pool(), Math.min(s.attemptsStarted(), in.rateCps() * heldSeconds));
        checks.add(PredictionCheck.compare("NAT mappings peak", "entries", mappings, s.nat().peakMappings(),
                String.format(Locale.ROOT, "%,d mappings to the one destination; %,d attempts started", p.pool(),
                        s.attemptsStarted())));
        checks.add(firstDrop(p, s, in.loadSeconds()));
        if (in.closeOrder().holdsTimeWait(Side.SERVER) && in.closeOrder() != CloseOrder.SERVER_IDLE
                && p.reuseStartsSeconds() != null) {
            checks.add(retransmitsStart(p.reuseStartsSeconds(), firstRetransmitSecond(series), in.loadSeconds()));
        }
        return List.copyOf(checks);
    }

    private static PredictionCheck firstDrop(NatPrediction p, Summary s, double loadSeconds) {
        String quantity = "NAT full (first conntrack drop)";
        Double measured = s.nat().firstDropSecond();
        if (p.runsOutSeconds() == null) {
            return new PredictionCheck(quantity, "s", null, measured, measured == null ? PredictionCheck.Verdict.AGREES
                    : PredictionCheck.Verdict.DISAGREES, measured == null ? "no drop expected, none seen"
                    : "the model expects the pool to last; the router dropped " + s.nat().drops());
        }
        if (measured == null) {
            boolean reached = p.runsOutSeconds() <= loadSeconds;
            return new PredictionCheck(quantity, "s", p.runsOutSeconds(), null,
                    reached ? PredictionCheck.Verdict.DISAGREES : PredictionCheck.Verdict.NOT_REACHED,
                    reached ? "predicted within the load, but the router dropped nothing"
                            : String.format(Locale.ROOT, "the load (%.0f s) ended first", loadSeconds));
        }
        return PredictionCheck.compare(quantity, "s", p.runsOutSeconds(), measured, String.format(Locale.ROOT,
                "the interval in which conntrack's drop or insert_failed first grew; %,d dropped in all",
                s.nat().drops()));
    }

    private static PredictionCheck retransmitsStart(double predicted, Double measured, double loadSeconds) {
        String quantity = "client SYN retransmits start (NAT reuses ports)";
        if (predicted > loadSeconds) {
            return new PredictionCheck(quantity, "s", predicted, measured, measured == null
                    ? PredictionCheck.Verdict.NOT_REACHED : PredictionCheck.Verdict.DISAGREES,
                    String.format(Locale.ROOT, "the load (%.0f s) ends before a port is reused", loadSeconds));
        }
        if (measured == null) {
            return new PredictionCheck(quantity, "s", predicted, null, PredictionCheck.Verdict.DISAGREES,
                    "ports were reused, but no SYN was retransmitted");
        }
        // The first retransmission comes one RTO (1 s) after a SYN met the server's TIME_WAIT, or
        // sooner; the interval it shows in is judged from the reuse it follows.
        return PredictionCheck.compare(quantity, "s", predicted, measured,
                "the server closed first: a reused port's SYN met its TIME_WAIT on the same 4-tuple");
    }

    /** End of the first interval in which the client's TcpExt TCPSynRetrans grew; null if it never did. */
    public static Double firstRetransmitSecond(TimeSeries series) {
        try {
            OptionalLong ms = series.column(Side.CLIENT, Counters.SYN_RETRANS).firstNonZeroElapsedMs();
            return ms.isPresent() ? ms.getAsLong() / 1000.0 : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
