package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
    void tcpExtPicksTheTimeWaitCountersByName() {
        String netstat = "TcpExt: SyncookiesSent TW TWRecycled TWKilled TCPTimeWaitOverflow TCPAbortOnData TCPAbortOnClose\n"
                + "TcpExt: 0 10 2 1 3 4 5\n"
                + "IpExt: InNoRoutes\nIpExt: 0\n";
        assertEquals(new TcpExt(10, 1, 2, 3, 4, 5), TcpExt.parse(netstat));
    }

    @Test
    void tcpExtDifferenceIsPerCounter() {
        assertEquals(new TcpExt(5, 0, 1, 0, 0, 2), new TcpExt(15, 1, 3, 0, 4, 7).minus(new TcpExt(10, 1, 2, 0, 4, 5)));
    }

    @Test
    void thisProcesssOwnNamespaceCanBeRead() throws IOException {
        ProbeReading r = NamespaceProbe.readPid(ProcessHandle.current().pid());
        assertTrue(r.timeWait().isPresent());
        assertTrue(r.tcpInUse() >= 0);
        assertTrue(r.tcpExt().tw() >= 0);
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
}
