package dev.twbench.analysis.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.run.PortExhaustion;
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
 * tests, run for real, each prediction read from the run's own run.json. What the kernel fixes is
 * checked: the model's pool of 4-tuples is exactly how many connections got through before the
 * first failure, and its TIME_WAIT levels (counts) agree with the run's. When the first failure
 * came is not: pool / rate holds only if the client kept up with the rate, and on a shared machine
 * it may not. So the client gets {@value #PORTS} ports, used up within each load even if the
 * client manages only 100 connections per second.
 */
@ResourceLock(LoadLock.CPU)
class ModelMatchesMeasuredExhaustionTest {
    private static final int PORTS = 200;
    private static final String PORT_RANGE = "net.ipv4.ip_local_port_range=40000 40199";

    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    /** A run's summary and the model's predictions beside it. */
    private record Measured(Summary summary, List<PredictionCheck> checks) {
        PredictionCheck check(String quantityStart) {
            return checks.stream().filter(c -> c.quantity().startsWith(quantityStart)).findFirst().orElseThrow();
        }

        /** The predictions that are counts (TIME_WAIT levels) agree with the run. */
        void assertCountsAgree() {
            checks.stream().filter(c -> c.unit().equals("sockets"))
                    .forEach(c -> assertEquals(PredictionCheck.Verdict.AGREES, c.verdict(), c.toString()));
        }

        /** The model predicts the ports run out after {@code seconds}, and in the run they did. */
        void assertExhaustionPredictedAndReached(double seconds) {
            PredictionCheck exhaustion = check("client ports run out");
            assertEquals(seconds, exhaustion.predicted(), 1e-9, exhaustion.toString());
            assertNotNull(exhaustion.measured(), "a connect failed for want of a port: " + exhaustion);
        }
    }

    private Measured measure(Scenario.Builder scenario, Rate rate, List<String> clientSysctls) throws Exception {
        RunResult result = RunController.execute(scenario.rate(rate).drain(false).warmupMs(1_000)
                .sysctls(SysctlOverrides.parse(List.of(), clientSysctls, List.of())).outDir(out).build(),
                RunListener.SILENT);
        CapacityInputs in = CapacityInputs.fromRunJson(Json.MAPPER.readTree(result.folder().runJson().toFile()));
        return new Measured(result.summary(), ModelCheck.compare(in, result.summary()));
    }

    private Measured measure(Scenario.Builder scenario, List<String> clientSysctls) throws Exception {
        return measure(scenario, Rate.perSecond(500), clientSysctls);
    }

    @Test
    void plainConnectRunsOutAfterOneConnectionPerPort() throws Exception {
        Measured m = measure(Scenario.builder().durationMs(3_000), List.of(PORT_RANGE));
        m.assertCountsAgree();
        m.assertExhaustionPredictedAndReached(0.4); // 200 ports / 500 per second
        assertEquals(PORTS, m.check("client TIME_WAIT").predicted(), 1e-9);
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRNOTAVAIL", m.summary());
    }

    @Test
    void bindPortZeroRunsOutAfterAsManyConnections() throws Exception {
        Measured m = measure(Scenario.builder().durationMs(3_000).clientBind(ClientBind.parse("port0")),
                List.of(PORT_RANGE));
        m.assertCountsAgree();
        m.assertExhaustionPredictedAndReached(0.4);
        PortExhaustion.assertRanOutAfter(PORTS, "EADDRINUSE", m.summary());
    }

    @Test
    void fourSourceAddressesServeFourTimesTheConnections() throws Exception {
        Measured m = measure(Scenario.builder().durationMs(8_000).clientBind(ClientBind.parse("no-port"))
                .clientAddresses(4), List.of(PORT_RANGE));
        m.assertCountsAgree();
        m.assertExhaustionPredictedAndReached(1.6);
        PortExhaustion.assertRanOutAfter(4 * PORTS, "EADDRNOTAVAIL", m.summary());
    }

    @Test
    void twoDestinationPortsServeTwiceTheConnections() throws Exception {
        Measured m = measure(Scenario.builder().durationMs(5_000).serverPorts(2), List.of(PORT_RANGE));
        m.assertCountsAgree();
        m.assertExhaustionPredictedAndReached(0.8);
        PortExhaustion.assertRanOutAfter(2 * PORTS, "EADDRNOTAVAIL", m.summary());
    }

    @Test
    void twReuseOneKeepsUpAndHoldsTimeWaitOnOneParityOfThePorts() throws Exception {
        // 1000 ports, 250 per second with a 1 s delay: a second's worth of connections is half of
        // the 500 even ports, so connect() keeps taking over their TIME_WAIT and never needs the odd
        // ones, at this rate or any slower one. Half the ports are in TIME_WAIT after 500
        // connections: 2 s at 250 per second, 5 s at 100.
        Measured m = measure(Scenario.builder().durationMs(6_000), Rate.perSecond(250),
                List.of("net.ipv4.ip_local_port_range=40000 40999", "net.ipv4.tcp_tw_reuse=1"));
        m.assertCountsAgree();
        PredictionCheck exhaustion = m.check("client ports run out");
        assertNull(exhaustion.predicted(), exhaustion.toString());
        assertNull(exhaustion.measured(), "no connect failed: " + m.summary().failures());
        assertEquals(500.0, m.check("client TIME_WAIT").predicted(), 1e-9, "half the ports");
        assertEquals(0, m.summary().failed(), m.summary().failures().toString());
    }
}
