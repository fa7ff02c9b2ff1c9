package dev.twbench.loadgen.experiment.kit;

import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.NatMode;
import dev.twbench.loadgen.scenario.Scenario;
import java.util.Map;

/**
 * Churn through the NAT lab's router for the NAT experiments: a pool small enough (200 ports at
 * 100 connections/s fills in 2 s) that what the kernel fixes shows within seconds.
 *
 * <pre>{@code
 * ChurnRuns.Run r = ChurnRuns.run(trial, NatRuns.scenario("churn", CloseOrder.CLIENT_FIRST, 4_000));
 * NatRuns.nat(r).drops();
 * }</pre>
 */
public final class NatRuns {
    public static final int PORTS = 200;
    public static final long RATE_CPS = 100;

    private NatRuns() {
    }

    /**
     * {@link ChurnRuns#scenario} through a NAT of {@link #PORTS} ports, without warm-up: the warm-up's
     * connections would hold the pool's ports past Go.
     */
    public static Scenario.Builder scenario(String label, CloseOrder order, long durationMs) {
        return ChurnRuns.scenario(label, order, RATE_CPS, durationMs).warmupMs(0).intervalMs(100)
                .nat(new Nat(PORTS, 1, NatMode.SNAT, Map.of()));
    }

    /** The pool's seconds: how long the NAT lasts before it reuses ports (churn) or is full (held open). */
    public static double poolSeconds() {
        return (double) PORTS / RATE_CPS;
    }

    public static Summary.Nat nat(ChurnRuns.Run run) {
        return run.summary().nat();
    }
}
