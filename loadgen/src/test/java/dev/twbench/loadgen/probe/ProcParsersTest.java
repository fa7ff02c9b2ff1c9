package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.counter.Source;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcParsersTest {

    @Test
    void sockstatTcpLineGivesTimeWaitAndInUse() {
        Sockstat s = Sockstat.parse("sockets: used 120\nTCP: inuse 5 orphan 1 tw 1234 alloc 9 mem 3\nUDP: inuse 0 mem 0\n");
        assertEquals(new Sockstat(5, 1, 1234, 9, 3), s);
    }

    @Test
    void sockstatWithoutTcpLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Sockstat.parse("sockets: used 1\n"));
    }

    @Test
    void kernelCountersAreFoundByTheKernelsOwnNames() {
        String sockstat = "sockets: used 120\nTCP: inuse 5 orphan 1 tw 1234 alloc 9 mem 3\n";
        String netstat = "TcpExt: SyncookiesSent TW TWRecycled TWKilled TCPTimeWaitOverflow TCPAbortOnData TCPAbortOnClose"
                + " ListenOverflows ListenDrops TCPSynRetrans\n"
                + "TcpExt: 0 10 2 1 3 4 5 6 7 8\n"
                + "IpExt: InNoRoutes\nIpExt: 0\n";
        CounterValues v = KernelCounters.parse(sockstat, netstat);
        assertEquals(1234, v.getOrZero(Counters.TIME_WAIT));
        assertEquals(5, v.getOrZero(Counters.TCP_IN_USE));
        assertEquals(10, v.getOrZero(Counters.TW_ENTERED));
        assertEquals(2, v.getOrZero(Counters.TW_RECYCLED));
        assertEquals(3, v.getOrZero(Counters.TW_OVERFLOW));
        assertEquals(4, v.getOrZero(Counters.ABORT_ON_DATA));
        assertEquals(5, v.getOrZero(Counters.ABORT_ON_CLOSE));
        assertEquals(6, v.getOrZero(Counters.LISTEN_OVERFLOWS));
        assertEquals(7, v.getOrZero(Counters.LISTEN_DROPS));
        assertEquals(8, v.getOrZero(Counters.SYN_RETRANS));
        assertFalse(v.has(Counters.COMPLETED), "the kernel does not count the engine's counters");
    }

    @Test
    void snmpsTcpPairIsReadAndNotConfusedWithTcpExtOrSockstat() {
        String all = "TCP: inuse 5 orphan 1 tw 12 alloc 9 mem 3\n"
                + "TcpExt: TW ListenOverflows\nTcpExt: 10 0\n"
                + "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails\n"
                + "Tcp: 1 200 120000 -1 1234 567 8\n";
        CounterValues v = KernelCounters.parse(all, all, all);
        assertEquals(1234, v.getOrZero(Counters.ACTIVE_OPENS));
        assertEquals(567, v.getOrZero(Counters.PASSIVE_OPENS));
        assertEquals(10, v.getOrZero(Counters.TW_ENTERED));
        assertEquals(12, v.getOrZero(Counters.TIME_WAIT));
    }

    @Test
    void aKernelCounterThisKernelLacksIsNotReadAsZero() {
        CounterValues v = KernelCounters.parse("TCP: inuse 5 orphan 1 tw 12 alloc 9 mem 3\n", "TcpExt: TW\nTcpExt: 10\n");
        assertEquals(10, v.getOrZero(Counters.TW_ENTERED));
        assertFalse(v.has(Counters.LISTEN_OVERFLOWS));
    }

    @Test
    void everyKernelCounterOfTheSchemaIsReadFromThisProcesssNamespace() throws IOException {
        CounterValues v = NamespaceProbe.readPid(ProcessHandle.current().pid());
        for (Counter c : Counters.ALL) {
            if (c.source() == Source.TCP_EXT || c.source() == Source.SOCKSTAT) {
                assertTrue(v.has(c), c.sourceName() + " is not in this kernel's /proc/net");
            }
        }
    }

    @Test
    void procNetTcpTimeWaitIsSplitByServerPort() {
        // port 7000 = 0x1B58; state 06 = TIME_WAIT, 01 = ESTABLISHED, 0A = LISTEN
        String table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1\n"
                + "   1: 0100007F:9C40 0100007F:1B58 06 00000000:00000000 03:00000F9E 00000000     0        0 0\n"
                + "   2: 0100007F:9C42 0100007F:1B58 06 00000000:00000000 03:00000F9E 00000000     0        0 0\n"
                + "   3: 0100007F:1B58 0100007F:9C44 06 00000000:00000000 03:00000F9E 00000000     0        0 0\n"
                + "   4: 0100007F:9C46 0100007F:1B58 01 00000000:00000000 00:00000000 00000000     0        0 2\n"
                + "   5: 0100007F:9C48 0100007F:1F90 06 00000000:00000000 03:00000F9E 00000000     0        0 0\n"
                // Same port number, another host: someone else's connection, not the lab's.
                + "   6: 0200000A:9C4A 0100000A:1B58 06 00000000:00000000 03:00000F9E 00000000     0        0 0\n";
        assertEquals(new ProcNetTcp.TimeWaitByPort(2, 1), ProcNetTcp.countTimeWait(table, List.of(7000)));
    }

    /**
     * tcp6 as a dual-stack Java socket fills it: an IPv4-mapped address reads as plain IPv4, a
     * real IPv6 one as IPv6 (each 32-bit word in the host's byte order), and the timer in
     * hundredths of a second. A line cut across two reads of the file is still one socket.
     */
    @Test
    void tcp6LinesGiveMappedAddressesAsIpv4AndEveryField() throws Exception {
        String table = "  sl  local_address                         remote_address                        st tx_queue"
                + " rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0000000000000000FFFF00000100007F:5D32 0000000000000000FFFF00000100007F:0201 06 00000000:00000000"
                + " 03:00001056 00000000     0        0 0 3 0000000048f8a4c8\n"
                + "   1: B80D0120000000000000000001000000:1F90 B80D0120000000000000000002000000:C350 01 00000000:00000000"
                + " 00:00000000 00000000  1000        0 4242 1 0000000000000000 20 4 30 10 -1\n";
        List<TcpSocket> sockets = new ArrayList<>();
        // A tiny stream that hands over a few bytes per read, as a chunked /proc read might.
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(table.getBytes(StandardCharsets.US_ASCII))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        TcpTable.parse(trickle, sockets::add);
        assertEquals(List.of(
                new TcpSocket(TcpState.TIME_WAIT, new Endpoint("127.0.0.1", 0x5D32), new Endpoint("127.0.0.1", 513),
                        TcpSocket.TIME_WAIT_TIMER, 0x1056, 0, 0),
                new TcpSocket(TcpState.ESTABLISHED, new Endpoint("2001:db8:0:0:0:0:0:1", 8080),
                        new Endpoint("2001:db8:0:0:0:0:0:2", 50000), 0, 0, 1000, 4242)), sockets);
        assertEquals("[2001:db8:0:0:0:0:0:1]:8080", sockets.get(1).local().toString());
    }
}
