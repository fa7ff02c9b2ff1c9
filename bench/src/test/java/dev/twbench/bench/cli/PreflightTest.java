package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.ResultsSize;
import dev.twbench.loadgen.run.LoadLock;
import dev.twbench.loadgen.sys.FileLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Before a run creates anything, twbench checks that each agent can open the file descriptors
 * --max-in-flight needs and that --out has room for what the run writes; a shortfall is bad input
 * with the fix. The limits are set for the child process only (prlimit), the small disk is a
 * tmpfs in a mount namespace of the child's own (unshare): nothing on the host changes.
 */
@ResourceLock(LoadLock.CPU) // JVM start-ups and short runs: kept apart from the tests that time a load
class PreflightTest {
    /**
     * Mounts a tmpfs of SIZE over DIR ($0) in the child's own mount namespace, runs twbench in it,
     * then records what is left under DIR and which lab namespaces that twbench still owns, beside
     * DIR (the tmpfs goes with the namespace).
     */
    private static final String IN_SMALL_TMPFS = """
            mount -t tmpfs -o size=$SIZE tmpfs "$0" || exit 99
            "$@" & pid=$!
            wait $pid; rc=$?
            ls -A "$0" > "$0.files"
            ip netns list 2> /dev/null | grep "twb-$pid-" > "$0.labs"
            exit $rc
            """;

    /** As above, but fills the tmpfs once the run's rows have started, keeping a copy of its run.json. */
    private static final String FILL_DURING_THE_RUN = """
            mount -t tmpfs -o size=$SIZE tmpfs "$0" || exit 99
            "$@" & pid=$!
            i=0
            until ls "$0"/out/*/timeseries.csv > /dev/null 2>&1 || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
            sleep 1
            cp "$0"/out/*/run.json "$0.run.json"
            cat /dev/zero > "$0/filler" 2> /dev/null
            wait $pid; rc=$?
            ip netns list 2> /dev/null | grep "twb-$pid-" > "$0.labs"
            exit $rc
            """;

    @TempDir
    Path work;

    @Test
    void maxInFlightAboveTheFdLimitIsRefusedWithTheFix() throws Exception {
        CliProcess cli = CliProcess.startUnder(List.of("prlimit", "--nofile=1024:1024", "--"), work,
                "run", "--max-in-flight", "5000", "--out", "out");
        assertEquals(2, cli.waitFor(60), cli.stderr());
        String err = cli.stderr();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("twbench: invalid --max-in-flight '5000': each agent needs up to 5257 file descriptors"),
                err);
        assertTrue(err.contains("the limit is 1024 (hard); lower it to at most 767"), err);
        assertTrue(err.contains("ulimit -Hn 5257 && ulimit -Sn 5257"), err);
        assertNoStackTrace(err);
        assertEquals("", cli.stdout());
        assertFalse(Files.exists(work.resolve("out")), "no results folder");
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()), "prlimit execs the JVM: same pid");
    }

    @Test
    void aLowSoftLimitIsRaisedByTheJvmSoTheRunGoesAheadAndRecordsTheLimits() throws Exception {
        LabRequirements.assumeNamespaceLab();
        long hard = Math.min(65_536, FileLimits.ofThisProcess().hard());
        assumeTrue(hard >= 1000 + 257, "a hard limit of " + hard + " leaves no room for 1000 in flight");
        List<String> run = List.of("--max-in-flight", "1000", "--rate", "200", "--duration", "1s", "--no-drain",
                "--warmup", "0s", "--out", "out");
        CliProcess cli = CliProcess.startUnder(List.of("prlimit", "--nofile=256:" + hard, "--"), work,
                Stream.concat(Stream.of("run"), run.stream()).toArray(String[]::new));
        assertEquals(0, cli.waitFor(120), cli.stderr());

        Path runDir;
        try (Stream<Path> dirs = Files.list(work.resolve("out"))) {
            runDir = dirs.findFirst().orElseThrow();
        }
        JsonNode environment = Json.MAPPER.readTree(runDir.resolve("run.json").toFile()).path("environment");
        assertEquals(hard, environment.path("openFilesSoftLimit").asLong(), "HotSpot's MaxFDLimit raised 256: " + environment);
        assertEquals(hard, environment.path("openFilesHardLimit").asLong());
        long writtenBytes;
        try (Stream<Path> files = Files.walk(runDir)) {
            writtenBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        long estimatedBytes = ResultsSize.ofRun(RunOptions.parse(run)).bytes();
        assertTrue(writtenBytes <= estimatedBytes, "wrote " + writtenBytes + " bytes, estimated " + estimatedBytes);
    }

    @Test
    void anOutOnAFileSystemWithoutRoomIsRefusedBeforeAnythingIsCreated() throws Exception {
        LabRequirements.assumeNamespaceLab(); // root, for the mount namespace and 'ip netns list'
        Path dir = Files.createDirectory(work.resolve("disk"));
        Path out = dir.resolve("out");
        CliProcess cli = CliProcess.startUnder(inTmpfs(IN_SMALL_TMPFS, "64k", dir), work,
                "run", "--out", out.toString(), "--duration", "10m");
        assertEquals(2, cli.waitFor(60), cli.stderr());
        String err = cli.stderr();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("twbench: invalid --out '" + out + "': 64 KiB free on its file system, this run writes"
                + " about "), err);
        assertTrue(err.endsWith("MiB; free space or choose another --out\n"), err);
        assertNoStackTrace(err);
        assertEquals("", cli.stdout(), "no lab was built");
        assertEquals("", Files.readString(sibling(dir, ".files")), "nothing created under " + dir);
        assertEquals("", Files.readString(sibling(dir, ".labs")), "no lab namespace");
    }

    @Test
    void aSweepIsRefusedWhenAllItsRunsDoNotFitThoughOneWould() throws Exception {
        LabRequirements.assumeNamespaceLab();
        Path dir = Files.createDirectory(work.resolve("disk"));
        List<String> shared = List.of("--rate", "200", "--duration", "1s", "--no-drain", "--warmup", "0s");
        long tmpfsBytes = 6 << 20;
        assertTrue(ResultsSize.ofRun(RunOptions.parse(shared)).bytes() < tmpfsBytes, "one run fits in 6 MiB");

        CliProcess cli = CliProcess.startUnder(inTmpfs(IN_SMALL_TMPFS, "6m", dir), work, Stream.concat(
                Stream.of("sweep", "--vary", "close=client-first,server-first,simultaneous", "--out",
                        dir.resolve("out").toString()), shared.stream()).toArray(String[]::new));
        assertEquals(2, cli.waitFor(60), cli.stderr());
        String err = cli.stderr();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("twbench: invalid --out '" + dir.resolve("out") + "': "), err);
        assertTrue(err.contains("free on its file system, this sweep's 3 runs write about "), err);
        assertEquals("", cli.stdout(), "no run started");
        assertEquals("", Files.readString(sibling(dir, ".files")), "no sweep folder");
        assertEquals("", Files.readString(sibling(dir, ".labs")), "no lab namespace");
    }

    @Test
    void aDiskThatFillsDuringTheRunStopsItWithOneLineAndLeavesNothingRunning() throws Exception {
        LabRequirements.assumeNamespaceLab();
        Path dir = Files.createDirectory(work.resolve("disk"));
        // The run's estimate (about 3.8 MiB) fits in 8 MiB, so it starts; then the disk fills.
        CliProcess cli = CliProcess.startUnder(inTmpfs(FILL_DURING_THE_RUN, "8m", dir), work,
                "run", "--rate", "200", "--duration", "20s", "--no-drain", "--warmup", "0s",
                "--out", dir.resolve("out").toString());
        assertEquals(1, cli.waitFor(120), "a run that could not be carried out: " + cli.stderr());
        String err = cli.stderr();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("twbench: the run stopped at "), err);
        assertTrue(err.contains(": No space left on device (the rows written before are kept)"), err);
        assertNoStackTrace(err);
        assertEquals("", Files.readString(sibling(dir, ".labs")), "the lab was removed");
        JsonNode run = Json.MAPPER.readTree(sibling(dir, ".run.json").toFile());
        for (String side : List.of("client", "server")) {
            long agent = run.at("/lab/" + side + "/agentPid").asLong();
            assertTrue(agent > 0);
            assertTrue(ProcessHandle.of(agent).map(p -> !p.isAlive()).orElse(true), side + " agent " + agent + " ended");
        }
    }

    /** {@code unshare --mount --propagation private -- sh -c SCRIPT DIR}, with $SIZE set. */
    private static List<String> inTmpfs(String script, String size, Path dir) {
        return List.of("unshare", "--mount", "--propagation", "private", "--", "env", "SIZE=" + size,
                "sh", "-c", script, dir.toString());
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }
}
