package dev.twbench.analysis.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run across hosts read back from the reference run's files (FleetFixture). */
class FleetResultsTest {
    @TempDir
    Path dir;

    @Test
    void aFleetFolderIsToldByRunJsonsLabKindAndWithoutRunJsonBySummaryJsonsHosts() throws Exception {
        FleetFixture.copyTo(dir);
        assertTrue(FleetResults.isFleet(dir));
        Files.delete(dir.resolve("run.json"));
        assertTrue(FleetResults.isFleet(dir), "summary.json has hosts and fleet");
    }

    @Test
    void aOneMachineRunFolderIsNotAFleet() throws Exception {
        Path clean = Path.of(getClass().getResource("/fixtures/20261121-190752-clean").toURI());
        assertFalse(FleetResults.isFleet(clean));
    }

    @Test
    void hostsAreTheServerThenEachClientInOrderWithTheirRolesAndClocks() throws Exception {
        FleetResults fleet = FleetResults.load(FleetFixture.copyTo(dir));

        assertEquals(List.of("server", "client-1", "client-2", "client-3"), fleet.hosts());
        assertEquals(List.of("client-1", "client-2", "client-3"), fleet.clients());
        assertEquals(fleet.hosts(), fleet.series().labels(), "timeseries.csv's sides are the same hosts");
        assertEquals(Optional.of(new FleetResults.Clock(552, 14, 276)), fleet.clock("client-3"), "run.json's");
        assertEquals("20261201-195150-run", fleet.runId(), "summary.json's, not the folder's name");
    }

    @Test
    void withoutSummaryJsonTheHostsAreTheRowsSides() throws Exception {
        FleetFixture.copyTo(dir);
        Files.delete(dir.resolve("summary.json"));
        FleetResults fleet = FleetResults.load(dir);

        assertEquals(null, fleet.summary());
        assertEquals(List.of("server", "client-1", "client-2", "client-3"), fleet.hosts());
        assertEquals("client", fleet.role("client-2"), "from run.json");
    }
}
