package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code run --nat-ports}: a router namespace source-NATs the client's connections to a pool of
 * ports, as Linux conntrack does it (Linux 6.18). Each run is small (a pool of 200 ports at 100
 * connections/s fills in 2 s) so that what the kernel fixes shows in seconds: how many mappings the
 * pool holds, when the router starts dropping, and that the host's nftables ruleset never changes.
 * Churn through the same pool, with either side closing first, is the NAT experiments' work
 * ({@link ExperimentsTest}: nat-ports-bound-open-connections, nat-server-time-wait).
 */
@ResourceLock(LoadLock.CPU)
class NatLabTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORTS = 200;
    private static final int RATE = 100;
    /** The pool fills after PORTS / RATE seconds of connections held open. */
    private static final double FULL_SECONDS = (double) PORTS / RATE;

    @TempDir
    Path work;

    @BeforeEach
    void needsTheLabAndNft() {
        LabRequirements.assumeNamespaceLab();
        LabRequirements.assumeCommand("nft", "nftables");
    }

    private Path run(String... options) throws Exception {
        String hostRuleset = hostRuleset();
        Path out = work.resolve("out-" + Files.list(work).count());
        List<String> args = new ArrayList<>(List.of("run", "--nat-ports", Integer.toString(PORTS), "--rate",
                Integer.toString(RATE), "--no-drain", "--out", out.toString()));
        args.addAll(List.of(options));
        InProcessCli cli = InProcessCli.execute(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.toString());
        assertEquals(hostRuleset, hostRuleset(), "the host's nftables ruleset is the same after the run");
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static String hostRuleset() {
        return Exec.run(List.of("nft", "list", "ruleset")).orThrow().stdout();
    }

    private static JsonNode summary(Path runDir) throws Exception {
        return JSON.readTree(runDir.resolve("summary.json").toFile());
    }

    /** Connections the server holds open for 4 s: at 100/s, twice what 200 ports can map. */
    private Path heldOpen(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--close", "server-idle", "--idle-timeout", "4s", "--timeout",
                "6s", "--max-in-flight", "1000"));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    /**
     * 200 ports on each of two NAT addresses, one client address: the router's mappings stop at
     * 200, because Linux's snat picks the NAT address by a hash of the client's and the server's
     * addresses, in every --nat-mode (docs/kernel-facts.md): one client address gets one NAT address.
     */
    @Test
    void aNatPoolBoundsOpenConnectionsAndTheRouterDropsTheRest() throws Exception {
        Path runDir = heldOpen("--nat-addresses", "2", "--duration", "3s");
        JsonNode s = summary(runDir);
        // run.json keeps the command that re-runs it.
        assertTrue(JSON.readTree(runDir.resolve("run.json").toFile()).at("/scenario/commandLine").asText()
                .startsWith("java -jar benchmarks.jar run --nat-ports 200 --rate 100 --no-drain --out "), runDir.toString());
        JsonNode nat = s.at("/nat");
        assertEquals(2 * PORTS, nat.at("/portsAvailable").asLong());
        assertEquals(PORTS, nat.at("/peakMappings").asLong(), "one client address, one NAT address: " + nat);
        assertTrue(nat.at("/insertFailed").asLong() > 0 && nat.at("/drops").asLong() > 0, nat.toString());
        double firstDrop = nat.at("/firstDropSecond").asDouble();
        assertTrue(Math.abs(firstDrop - FULL_SECONDS) <= FULL_SECONDS / 10,
                "first drop at " + firstDrop + " s, the model says " + FULL_SECONDS + " s");
        // The client sees dropped SYNs: retransmissions, then attempts that run out of time.
        assertTrue(s.at("/counters/client/totals/synRetransCount").asLong() > 0, s.toString());
        assertTrue(s.at("/failures/TIMEOUT").asLong() > 0, s.toString());
        assertEquals(s.at("/failed").asLong(), s.at("/failures/TIMEOUT").asLong(), "every failure is a timeout");
        // The router is a third side of the time series, one row per interval like the others.
        TimeSeries series = TimeSeries.read(runDir.resolve("timeseries.csv"));
        assertEquals(series.rows(Side.CLIENT).size(), series.rows(Side.ROUTER).size());
        TimeSeries.Column mappings = series.column(Side.ROUTER, Counters.NAT_MAPPINGS);
        long most = 0;
        for (int i = 0; i < mappings.size(); i++) {
            most = Math.max(most, mappings.get(i));
        }
        assertEquals(PORTS, most, "every router row has the mappings in use");
    }

    /** Four client addresses, which this hash spreads over both NAT addresses: the pool doubles, and lasts twice as long. */
    @Test
    void aSecondNatAddressDoublesThePoolForSeveralClientAddresses() throws Exception {
        JsonNode fourClients = summary(heldOpen("--nat-addresses", "2", "--client-addresses", "4", "--client-bind",
                "no-port", "--duration", "5s")).at("/nat");
        assertEquals(2 * PORTS, fourClients.at("/peakMappings").asLong(), fourClients.toString());
        double firstDrop = fourClients.at("/firstDropSecond").asDouble();
        assertTrue(Math.abs(firstDrop - 2 * FULL_SECONDS) <= 2 * FULL_SECONDS / 10,
                "first drop at " + firstDrop + " s, the model says " + 2 * FULL_SECONDS + " s");
    }
}
