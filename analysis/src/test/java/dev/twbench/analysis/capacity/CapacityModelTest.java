package dev.twbench.analysis.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The formulas of docs/kernel-facts.md ("Capacity") and their extension to the bind modes. */
class CapacityModelTest {
    private static final CapacityInputs DEFAULTS = CapacityInputs.builder().build();

    @Test
    void defaultRangeClientFirstOneDestinationSustainsAbout470PerSecond() {
        CapacityPrediction p = CapacityModel.predict(DEFAULTS.toBuilder().rateCps(400.0).build());
        assertEquals(28_232, p.portPool());
        assertEquals(470.5, p.sustainableCps(), 0.1);
        assertNull(p.exhaustionSeconds(), "400/s is below what the ports sustain");
        assertEquals(24_000, p.plateau().get(Side.CLIENT).sockets(), "rate x 60 s");
        assertEquals(0, p.plateau().get(Side.SERVER).sockets());
    }

    @Test
    void aRateAboveItRunsThePortsOutAfterPortsOverRate() {
        CapacityPrediction p = CapacityModel.predict(DEFAULTS.toBuilder().rateCps(5000.0).build());
        assertEquals(5.65, p.exhaustionSeconds(), 0.01);
        assertEquals(new CapacityPrediction.Level(28_232, "ports"), p.plateau().get(Side.CLIENT));
    }

    @Test
    void twReuseTwoIsOffBetweenHostsAndOnOverLoopback() {
        CapacityInputs veth = DEFAULTS.toBuilder().rateCps(5000.0).twReuse(2).build();
        assertEquals(5.65, CapacityModel.predict(veth).exhaustionSeconds(), 0.01);
        CapacityPrediction lo = CapacityModel.predict(veth.toBuilder().loopback(true).build());
        assertNull(lo.exhaustionSeconds());
        assertEquals(28_232, lo.sustainableCps(), 0.1, "ports / tcp_tw_reuse_delay (1 s)");
    }

    @Test
    void withTwReuseTheClientHoldsTimeWaitOnOneParityWhileADelaysWorthFitsThere() {
        CapacityInputs reuse = DEFAULTS.toBuilder().ephemeralPorts(1000).twReuse(1).loadSeconds(5).build();
        assertEquals(new CapacityPrediction.Level(500, "one parity of the ports"),
                CapacityModel.predict(reuse.toBuilder().rateCps(300.0).build()).peakInLoad().get(Side.CLIENT));
        assertEquals(new CapacityPrediction.Level(1000, "ports"),
                CapacityModel.predict(reuse.toBuilder().rateCps(800.0).build()).peakInLoad().get(Side.CLIENT));
    }

    @Test
    void twReuseNeedsTimestampsAndDoesNothingForBindPortZero() {
        CapacityInputs reuse = DEFAULTS.toBuilder().rateCps(5000.0).twReuse(1).build();
        assertNull(CapacityModel.predict(reuse).exhaustionSeconds());
        assertEquals(5.65, CapacityModel.predict(reuse.toBuilder().timestamps(false).build()).exhaustionSeconds(), 0.01);
        assertEquals(5.65, CapacityModel.predict(reuse.toBuilder().clientBind(ClientBind.parse("port0")).build())
                .exhaustionSeconds(), 0.01);
    }

    @Test
    void sourceAddressesAndDestinationsMultiplyThePoolExceptThatPortZeroCannotShareAPortAcrossDestinations() {
        CapacityInputs spread = DEFAULTS.toBuilder().ephemeralPorts(1000).clientAddresses(4).serverPorts(3).build();
        assertEquals(3_000, CapacityModel.portPool(spread.toBuilder().clientAddresses(1).build()), "none: ports x destinations");
        assertEquals(12_000, CapacityModel.portPool(spread.toBuilder().clientBind(ClientBind.parse("no-port")).build()));
        assertEquals(4_000, CapacityModel.portPool(spread.toBuilder().clientBind(ClientBind.parse("port0")).build()));
        assertEquals(2_400, CapacityModel.portPool(spread.toBuilder().clientBind(ClientBind.parse("range:100-299"))
                .build()), "twbench's own 200 ports x 4 addresses x 3 destinations");
    }

    @Test
    void ownRangeWithTimestampsTakesTimeWaitOverSoPortsNeverRunOut() {
        CapacityInputs range = DEFAULTS.toBuilder().rateCps(500.0).clientBind(ClientBind.parse("range:40000-40999"))
                .build();
        assertFalse(CapacityModel.predict(range).portsLimitRate());
        assertEquals(2.0, CapacityModel.predict(range.toBuilder().timestamps(false).build()).exhaustionSeconds(), 1e-9);
    }

    @Test
    void bucketLimitBelowThePoolCapsTimeWaitAndFreesThePorts() {
        CapacityPrediction p = CapacityModel.predict(DEFAULTS.toBuilder().rateCps(5000.0).clientMaxTwBuckets(100).build());
        assertNull(p.exhaustionSeconds());
        assertEquals(new CapacityPrediction.Level(100, "tcp_max_tw_buckets"), p.plateau().get(Side.CLIENT));
    }

    @Test
    void serverFirstMovesTimeWaitToTheServerCappedByTheSourcePortCycle() {
        CapacityPrediction p = CapacityModel.predict(DEFAULTS.toBuilder().rateCps(2000.0)
                .closeOrder(CloseOrder.SERVER_FIRST).build());
        assertFalse(p.portsLimitRate());
        assertEquals(0, p.plateau().get(Side.CLIENT).sockets());
        assertEquals(new CapacityPrediction.Level(14_116, "source-port cycle"), p.plateau().get(Side.SERVER));
    }

    @Test
    void resetCloseLeavesNoTimeWaitAnywhere() {
        CapacityPrediction p = CapacityModel.predict(DEFAULTS.toBuilder().rateCps(20_000.0)
                .closeOrder(CloseOrder.CLIENT_RST).build());
        assertEquals(0, p.plateau().get(Side.CLIENT).sockets());
        assertEquals(0, p.plateau().get(Side.SERVER).sockets());
        assertNull(p.exhaustionSeconds());
    }

    @Test
    void planAdvisesChangesThatEachMakeTheRateSustainable() {
        List<PlanAdvisor.Change> changes = PlanAdvisor.advise(DEFAULTS.toBuilder().rateCps(5000.0).twReuse(0).build());
        assertTrue(changes.stream().anyMatch(c -> c.change().contains("tcp_tw_reuse=1") && c.sufficient()));
        assertTrue(changes.stream().anyMatch(c -> c.change().contains("spread over 11 server ports") && c.sufficient()),
                "5000 x 60 / 28232 = 10.6: 11 ports");
        assertTrue(changes.stream().anyMatch(c -> c.change().contains("1024 65535") && !c.sufficient()),
                "64512 ports sustain 1075/s only");
        assertTrue(changes.stream().anyMatch(c -> c.change().contains("server close first") && c.sufficient()));
        assertTrue(PlanAdvisor.advise(DEFAULTS.toBuilder().rateCps(300.0).build()).isEmpty(), "nothing to fix");
    }

    @Test
    void halfCloseLeavesTimeWaitOnTheClientOnlyThoughTheServerClosesWithoutWaiting() {
        CapacityPrediction p = CapacityModel.predict(DEFAULTS.toBuilder().rateCps(100.0)
                .closeOrder(CloseOrder.HALF_CLOSE).build());
        assertEquals(6_000, p.plateau().get(Side.CLIENT).sockets());
        assertEquals(0, p.plateau().get(Side.SERVER).sockets());
    }

    @Test
    void planAdviceCountsWithReuseWhereItAppliesAndDoesNotOfferItTwice() {
        List<PlanAdvisor.Change> changes = PlanAdvisor.advise(DEFAULTS.toBuilder().rateCps(50_000.0).twReuse(1).build());
        assertTrue(changes.stream().noneMatch(c -> c.change().contains("tcp_tw_reuse=1")), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.change().contains("spread over 2 server ports")),
                "28,232 ports / 1 s sustain 28,232/s: two destinations carry 50,000/s");
    }
}
