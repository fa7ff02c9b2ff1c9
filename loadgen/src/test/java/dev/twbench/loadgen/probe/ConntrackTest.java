package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The router's conntrack files as Linux 6.18 writes them (copied from a NAT lab's router). */
class ConntrackTest {
    private static final String STAT = """
            entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
            000003e8  00000001 00000000 00000000 00000002 00000000 00000000 00000000 00000000 00000010 00000010 00000000 00000000  00000000 00000000 00000000 00000000
            000003e8  00000000 00000000 00000000 00000001 00000000 00000000 00000000 00000000 0000000a 0000000a 00000000 00000000  00000000 00000000 00000000 00000000
            """;

    private static final String TABLE = """
            ipv4     2 tcp      6 119 TIME_WAIT src=198.19.0.2 dst=198.18.0.1 sport=60302 dport=7000 src=198.18.0.1 dst=198.18.2.1 sport=7000 dport=40220 [ASSURED] mark=0 zone=0 use=2
            ipv4     2 tcp      6 119 TIME_WAIT src=198.19.0.2 dst=198.18.0.1 sport=60304 dport=7000 src=198.18.0.1 dst=198.18.2.1 sport=7000 dport=40220 [ASSURED] mark=0 zone=0 use=2
            ipv4     2 tcp      6 431999 ESTABLISHED src=198.19.0.2 dst=198.18.0.1 sport=60306 dport=7000 src=198.18.0.1 dst=198.18.2.1 sport=7000 dport=40221 [ASSURED] mark=0 zone=0 use=2
            ipv4     2 tcp      6 30 SYN_SENT src=198.19.0.2 dst=198.18.0.1 sport=60308 dport=7000 [UNREPLIED] src=198.18.0.1 dst=198.19.0.2 sport=7000 dport=60308 mark=0 zone=0 use=2
            ipv4     2 udp      17 29 src=198.19.0.2 dst=198.18.0.1 sport=5353 dport=53 src=198.18.0.1 dst=198.18.2.1 sport=53 dport=40222 mark=0 zone=0 use=2
            """;

    @Test
    void statisticsAreSummedOverCpusAndEntriesTakenOnce() {
        CounterValues v = Conntrack.parse(STAT, "", Set.of("198.18.2.1"));
        assertEquals(1000, v.getOrZero(Counters.CONNTRACK_ENTRIES));
        assertEquals(26, v.getOrZero(Counters.CONNTRACK_INSERT_FAILED));
        assertEquals(26, v.getOrZero(Counters.CONNTRACK_DROP));
        assertEquals(1, v.getOrZero(Counters.CONNTRACK_CLASH_RESOLVE));
        assertEquals(3, v.getOrZero(Counters.CONNTRACK_INVALID));
    }

    @Test
    void mappingsAreDistinctNatPortsOfTcpEntriesAndTimeWaitIsTheirState() {
        CounterValues v = Conntrack.parse(STAT, TABLE, Set.of("198.18.2.1"));
        // 40220 seen twice (an entry and its successor, mid-walk), 40221; the SYN_SENT entry is not
        // mapped yet (its reply still goes to the client), and UDP is not TCP. Each entry counts
        // once: 40220's TIME_WAIT is one entry in TIME_WAIT.
        assertEquals(2, v.getOrZero(Counters.NAT_MAPPINGS));
        assertEquals(1, v.getOrZero(Counters.CONNTRACK_TIME_WAIT));
    }

    /**
     * 1,000 entries here: with the walk refused, only the statistics are read, and the two levels
     * the table gives have no value (not a zero that would read as an empty pool).
     */
    @Test
    void aTableNotWalkedThisTickLeavesItsLevelsWithoutValue() throws Exception {
        List<String> read = new ArrayList<>();
        Conntrack.Files files = name -> {
            read.add(name);
            return name.startsWith("stat/") ? STAT : TABLE;
        };
        long[] askedAt = {-1};
        CounterValues skipped = Conntrack.read(files, Set.of("198.18.2.1"), entries -> {
            askedAt[0] = entries;
            return false;
        });
        assertEquals(1000, askedAt[0], "asked with the statistics' entries");
        assertEquals(List.of("stat/nf_conntrack"), read);
        assertEquals(1000, skipped.getOrZero(Counters.CONNTRACK_ENTRIES));
        assertFalse(skipped.has(Counters.NAT_MAPPINGS) || skipped.has(Counters.CONNTRACK_TIME_WAIT));
        CounterValues walked = Conntrack.read(files, Set.of("198.18.2.1"), entries -> true);
        assertEquals(2, walked.getOrZero(Counters.NAT_MAPPINGS));
    }
}
