package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 21, 16, 0, 5, 0, ZoneOffset.UTC);

    @Test
    void folderIsNamedByTimeAndLabelAndNeverReused(@TempDir Path out) {
        RunFolder first = RunFolder.create(out, "soak", NOW);
        RunFolder second = RunFolder.create(out, "soak", NOW);
        assertEquals("20261121-160005-soak", first.runId());
        assertEquals("20261121-160005-soak-2", second.runId());
    }

    @Test
    void unwritableParentIsBadInput(@TempDir Path out) throws Exception {
        Path file = Files.writeString(out.resolve("a-file"), "x");
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> RunFolder.create(file.resolve("sub"), "run", NOW));
        assertTrue(e.getMessage().startsWith("invalid --out"), e.getMessage());
    }

    @Test
    void discardKeepsAnAgentLogThatExplainsAFailure(@TempDir Path out) throws Exception {
        RunFolder f = RunFolder.create(out, "run", NOW);
        Files.writeString(f.agentLog(Side.SERVER), "bind(..) failed: Address already in use\n");
        Files.createFile(f.agentLog(Side.CLIENT));
        f.discard(false);
        assertTrue(Files.exists(f.agentLog(Side.SERVER)));
        assertFalse(Files.exists(f.agentLog(Side.CLIENT)));
        f.discard(true);
        assertFalse(Files.exists(f.dir()));
    }
}
