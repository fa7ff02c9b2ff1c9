package dev.twbench.analysis.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The capacity model against the port-exhaustion scenarios of the churn lab and close-order
 * tests, run for real: each prediction read from the run's own run.json must be within 10 % of
 * what the run measured.
 */
@ResourceLock(LoadLock.CPU)
class ModelMatchesMeasuredExhaustionTest {
    private static final String THOUSAND_PORTS = "net.ipv4.ip_local_port_range=40000 40999";

    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private List<PredictionCheck> measure(Scenario.Builder scenario, List<String> clientSysctls) throws Exception {
        RunResult result = RunController.execute(scenario.rate(Rate.perSecond(500)).drain(false).warmupMs(1_000)
                .sysctls(SysctlOverrides.parse(List.of(), clientSysctls, List.of())).outDir(out).build(),
                RunListener.SILENT);
        CapacityInputs in = CapacityInputs.fromRunJson(Json.MAPPER.readTree(result.folder().runJson().toFile()));
        return ModelCheck.compare(in, result.summary());
    }

    private static void assertAllAgree(List<PredictionCheck> checks) {
        checks.forEach(c -> assertFalse(c.disagrees(), c.toString()));
    }

    private static PredictionCheck check(List<PredictionCheck> checks, String quantityStart) {
        return checks.stream().filter(c -> c.quantity().startsWith(quantityStart)).findFirst().orElseThrow();
    }

    @Test
    void plainConnectRunsOutAfterPortsOverRate() throws Exception {
        List<PredictionCheck> checks = measure(Scenario.builder().durationMs(4_000), List.of(THOUSAND_PORTS));
        assertAllAgree(checks);
        assertEquals(2.0, check(checks, "client ports run out").predicted(), 1e-9, "1000 ports / 500 per second");
        assertEquals(1000.0, check(checks, "client TIME_WAIT").predicted(), 1e-9);
    }

    @Test
    void bindPortZeroRunsOutAtTheSameTime() throws Exception {
        assertAllAgree(measure(Scenario.builder().durationMs(4_000).clientBind(ClientBind.parse("port0")),
                List.of(THOUSAND_PORTS)));
    }

    @Test
    void fourSourceAddressesLastFourTimesLonger() throws Exception {
        List<PredictionCheck> checks = measure(Scenario.builder().durationMs(10_000)
                .clientBind(ClientBind.parse("no-port")).clientAddresses(4), List.of(THOUSAND_PORTS));
        assertAllAgree(checks);
        assertEquals(8.0, check(checks, "client ports run out").predicted(), 1e-9);
    }

    @Test
    void twoDestinationPortsLastTwiceAsLong() throws Exception {
        List<PredictionCheck> checks = measure(Scenario.builder().durationMs(6_000).serverPorts(2),
                List.of(THOUSAND_PORTS));
        assertAllAgree(checks);
        assertEquals(4.0, check(checks, "client ports run out").predicted(), 1e-9);
    }

    @Test
    void twReuseOneKeepsUpAndHoldsTimeWaitOnOneParityOfThePorts() throws Exception {
        // 500 per second with a 1 s delay: a second's worth of connections fits in the 500 even
        // ports, so connect() keeps taking over their TIME_WAIT and never needs the odd ones.
        List<PredictionCheck> checks = measure(Scenario.builder().durationMs(5_000),
                List.of(THOUSAND_PORTS, "net.ipv4.tcp_tw_reuse=1"));
        assertAllAgree(checks);
        PredictionCheck exhaustion = check(checks, "client ports run out");
        assertTrue(exhaustion.predicted() == null && exhaustion.measured() == null, exhaustion.toString());
        assertEquals(500.0, check(checks, "client TIME_WAIT").predicted(), 1e-9, "half the ports");
    }
}
