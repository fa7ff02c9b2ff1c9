package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.record.ResultsSize;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sys.FileLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arithmetic of the preflight, with limits as values (the real ones are checked by the CLI's tests). */
class PreflightLimitsTest {
    private static final FileLimits HARD_1M = new FileLimits(1_048_576, 1_048_576);

    @Test
    void eachConnectionListenerAndTheJvmCount() {
        Scenario s = Scenario.builder().maxInFlight(5000).serverPorts(10).serverReusePort(2).build();
        assertEquals(5000 + 20 + Preflight.JVM_DESCRIPTORS, Preflight.descriptorsPerAgent(s));
    }

    @Test
    void exactlyAtTheLimitFits() {
        Scenario s = Scenario.builder().maxInFlight(1024 - 1 - Preflight.JVM_DESCRIPTORS).build();
        assertDoesNotThrow(() -> Preflight.checkDescriptors(s, new FileLimits(1024, 1024), OptionalLong.empty()));
        Scenario oneMore = Scenario.builder().maxInFlight(1024 - Preflight.JVM_DESCRIPTORS).build();
        assertThrows(InvalidScenarioException.class,
                () -> Preflight.checkDescriptors(oneMore, new FileLimits(1024, 1024), OptionalLong.empty()));
    }

    @Test
    void aNeedAboveNrOpenSaysToRaiseItFirst() {
        Scenario s = Scenario.builder().maxInFlight(1_000_000).serverPorts(1000).serverReusePort(64).build();
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> Preflight.checkDescriptors(s, HARD_1M, OptionalLong.of(1_048_576)));
        assertEquals("invalid --max-in-flight '1000000': each agent needs up to 1064256 file descriptors (1000000"
                + " connections, 64000 listeners, 256 for the JVM) but the limit is 1048576 (hard); lower it to at most"
                + " 984320, or raise the limit first: ulimit -Hn 1064256 && ulimit -Sn 1064256 (needs root with"
                + " CAP_SYS_RESOURCE; 1064256 is above fs.nr_open=1048576, so first sysctl -w fs.nr_open=1064256)",
                e.getMessage());
    }

    @Test
    void aSoftLimitBelowTheHardOneOnlyNeedsRaisingTheSoftOne() {
        Scenario s = Scenario.builder().maxInFlight(1000).build();
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> Preflight.checkDescriptors(s, new FileLimits(1024, 4096), OptionalLong.of(1_048_576)));
        assertTrue(e.getMessage().endsWith("but the limit is 1024 (soft); lower it to at most 767, or raise the limit"
                + " first: ulimit -Sn 1257"), e.getMessage());
    }

    @Test
    void freeSpaceIsThatOfTheNearestExistingFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("not/yet/there");
        long free = Files.getFileStore(dir).getUsableSpace();
        assertDoesNotThrow(() -> Preflight.checkSpace(out, new ResultsSize(1), "this run writes"));
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> Preflight.checkSpace(out, new ResultsSize(free + (1L << 40)), "this run writes"));
        assertTrue(e.getMessage().startsWith("invalid --out '" + out + "': "), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("not")), "nothing created");
    }

    @Test
    void procIsLeftToTheFolderCheckWhichSaysWhyItCannotWriteThere() {
        assertDoesNotThrow(() -> Preflight.checkSpace(Path.of("/proc/twbench"), new ResultsSize(1L << 40), "x"));
    }
}
