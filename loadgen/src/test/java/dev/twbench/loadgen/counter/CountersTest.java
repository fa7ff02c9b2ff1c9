package dev.twbench.loadgen.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void everyCounterHasOneUniqueNameThatCarriesItsUnit() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < Counters.ALL.size(); i++) {
            Counter c = Counters.ALL.get(i);
            assertEquals(i, c.index(), c.column());
            assertTrue(seen.add(c.column()), "two counters named " + c.column());
            String name = c.column();
            assertTrue(name.endsWith("Count") || name.endsWith("Sockets") || name.endsWith("Connections")
                    || name.endsWith("KiB") || name.endsWith("Entries") || name.endsWith("Mappings"), name);
            assertEquals(c.kind() == Kind.COUNT, name.endsWith("Count"), name + ": counts, and only counts, end in Count");
            assertFalse(c.sides().isEmpty(), name);
            assertEquals(c, Counters.byColumn(name).orElseThrow());
        }
    }

    @Test
    void theProposedTcpExtCountersAreInTheSchemaOnBothSides() {
        for (Counter c : new Counter[] {Counters.LISTEN_OVERFLOWS, Counters.LISTEN_DROPS, Counters.SYN_RETRANS}) {
            assertEquals(Source.TCP_EXT, c.source());
            assertEquals(Set.of(Side.CLIENT, Side.SERVER), c.sides());
        }
        assertEquals("ListenOverflows", Counters.LISTEN_OVERFLOWS.sourceName());
        assertEquals("ListenDrops", Counters.LISTEN_DROPS.sourceName());
        assertEquals("TCPSynRetrans", Counters.SYN_RETRANS.sourceName());
    }

    @Test
    void anIntervalHasCountsAsDifferencesAndLevelsAsRead() {
        CounterValues earlier = CounterValues.builder().set(Counters.TW_ENTERED, 100).set(Counters.TIME_WAIT, 90)
                .set(Counters.COMPLETED, 40).build();
        CounterValues now = CounterValues.builder().set(Counters.TW_ENTERED, 130).set(Counters.TIME_WAIT, 115)
                .set(Counters.COMPLETED, 70).set(Counters.LATE, 3).build();
        CounterValues interval = now.since(earlier);
        assertEquals(30, interval.getOrZero(Counters.TW_ENTERED));
        assertEquals(30, interval.getOrZero(Counters.COMPLETED));
        assertEquals(115, interval.getOrZero(Counters.TIME_WAIT), "a level is as read at the tick");
        assertFalse(interval.has(Counters.LATE), "a count read only now has no interval to difference");
    }

    @Test
    void aCounterNotReadHasNoValueRatherThanZero() {
        CounterValues v = CounterValues.builder().set(Counters.TIME_WAIT, 0).build();
        assertTrue(v.has(Counters.TIME_WAIT));
        assertFalse(v.has(Counters.TW_ENTERED));
        assertTrue(v.get(Counters.TW_ENTERED).isEmpty());
        assertEquals(0, v.getOrZero(Counters.TW_ENTERED));
    }

    @Test
    void aRunsBaselineZeroesTheCountsThatStartAtGoAndKeepsTheKernels() {
        CounterValues first = CounterValues.builder().set(Counters.TW_ENTERED, 5_000).set(Counters.COMPLETED, 7)
                .set(Counters.TIME_WAIT, 12).build();
        CounterValues base = first.asBaseline();
        assertEquals(5_000, base.getOrZero(Counters.TW_ENTERED), "the namespace counted before the run");
        assertEquals(0, base.getOrZero(Counters.COMPLETED), "the engine counts from Go");
        assertEquals(7, first.since(base).getOrZero(Counters.COMPLETED));
        assertEquals(0, first.since(base).getOrZero(Counters.TW_ENTERED));
    }

    @Test
    void failuresWithoutACounterOfTheirOwnAddUpIntoOther() {
        CounterValues v = CounterValues.builder()
                .failures(Map.of("EADDRNOTAVAIL", 4L, "ERRNO_200", 1L, FailureKinds.OTHER, 2L)).build();
        assertEquals(4, v.getOrZero(Counters.failed("EADDRNOTAVAIL")));
        assertEquals(3, v.getOrZero(Counters.failed(FailureKinds.OTHER)));
        assertTrue(v.has(Counters.failed("ECONNREFUSED")), "a kind with a column reads 0, not nothing");
        assertEquals(0, v.getOrZero(Counters.failed("ECONNREFUSED")));
    }

    @Test
    void theAgentProtocolCarriesValuesByNameAndSkipsNamesItDoesNotKnow() {
        CounterValues v = CounterValues.builder().set(Counters.ACCEPTED, 9).set(Counters.IN_FLIGHT, 2).build();
        Map<String, Long> wire = v.toMap();
        assertEquals(Map.of("acceptedCount", 9L, "inFlightConnections", 2L), wire);
        assertEquals(v, CounterValues.fromMap(wire));
        assertEquals(v, CounterValues.fromMap(Map.of("acceptedCount", 9L, "inFlightConnections", 2L,
                "someNewerAgentsCount", 1L)));
    }

    @Test
    void mergingSourcesKeepsEachOnesValues() {
        CounterValues kernel = CounterValues.builder().set(Counters.TIME_WAIT, 3).build();
        CounterValues engine = CounterValues.builder().set(Counters.COMPLETED, 4).build();
        CounterValues side = kernel.with(engine);
        assertEquals(3, side.getOrZero(Counters.TIME_WAIT));
        assertEquals(4, side.getOrZero(Counters.COMPLETED));
        assertFalse(side.without(Source.ENGINE).has(Counters.COMPLETED));
        assertFalse(side.without(Counters.TIME_WAIT).has(Counters.TIME_WAIT));
    }

    @Test
    void resultsReadmeDocumentsEveryCounter() throws Exception {
        String readme = Files.readString(Path.of("../results/README.md"));
        for (Counter c : Counters.ALL) {
            assertTrue(readme.contains("`" + c.column() + "`") || c.column().startsWith("failed")
                    && readme.contains("`failed<KIND>Count`"), c.column() + " is not in results/README.md");
        }
    }
}
