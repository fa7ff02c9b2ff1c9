package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.Summary;
import dev.twbench.loadgen.record.TimeSeriesCsv;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C keeps every sample so far, says so in summary.json, and leaves no lab or agent behind. */
class InterruptTest {

    @Test
    void sigintKeepsEveryIntervalAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        LabRequirements.assumeNamespaceLab();
        CliProcess cli = CliProcess.start(work, "run", "--rate", "1000", "--duration", "30s", "--out", "out",
                "--name", "sigint");
        Path runDir = awaitRunFolder(work.resolve("out"));
        Path csv = runDir.resolve("timeseries.csv");
        long rowsBeforeSignal = awaitRows(csv, 30);
        cli.signal("INT");
        assertEquals(130, cli.waitFor(60), cli.stderr());

        Summary summary = Json.read(runDir.resolve("summary.json"), Summary.class);
        assertTrue(summary.interrupted());
        assertEquals("interrupted", summary.endReason());
        List<TimeSeriesCsv.Row> rows = TimeSeriesCsv.read(csv);
        assertTrue(rows.size() >= rowsBeforeSignal, rows.size() + " rows after, " + rowsBeforeSignal + " before");
        for (Side side : Side.values()) {
            List<Long> elapsed = rows.stream().filter(r -> r.side() == side).map(r -> r.getLong("elapsedMs")).toList();
            assertEquals(summary.samples(), elapsed.size(), side.label() + " rows");
            for (int i = 1; i < elapsed.size(); i++) {
                assertTrue(elapsed.get(i) - elapsed.get(i - 1) <= 250, "no interval missing before "
                        + elapsed.get(i) + " ms on the " + side.label() + " side");
            }
        }
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
        JsonNode run = Json.MAPPER.readTree(runDir.resolve("run.json").toFile());
        for (String side : List.of("client", "server")) {
            long agent = run.at("/lab/" + side + "/agentPid").asLong();
            assertTrue(agent > 0);
            assertTrue(ProcessHandle.of(agent).map(p -> !p.isAlive()).orElse(true), side + " agent " + agent + " ended");
        }
        assertTrue(cli.stdout().contains("run " + runDir.getFileName() + ": interrupted"), cli.stdout());
    }

    private static Path awaitRunFolder(Path out) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> dirs = Files.list(out)) {
                    var found = dirs.filter(d -> Files.exists(d.resolve("timeseries.csv"))).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run folder with a time series under " + out);
    }

    /** Waits until the time series has at least {@code rows} rows; returns how many it has. */
    private static long awaitRows(Path csv, long rows) throws Exception {
        for (int i = 0; i < 600; i++) {
            long n = Files.readAllLines(csv).size() - 1;
            if (n >= rows) {
                return n;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the time series never reached " + rows + " rows");
    }
}
