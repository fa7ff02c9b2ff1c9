package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.record.Summary;
import java.util.Map;

/**
 * What the kernel fixes when a client that closes first runs out of ports: each 4-tuple of the
 * pool holds one TIME_WAIT, all of them at once, and every further attempt gets one errno; on
 * which side the TIME_WAIT is. Never when: that follows from the rate only if the client kept up
 * with it, and on a shared machine it may not.
 *
 * <pre>{@code
 * Summary s = RunController.execute(scenario, RunListener.SILENT).summary(); // 200 ports, load < 60 s
 * PortExhaustion.assertRanOutAfter(200, "EADDRNOTAVAIL", s);
 * }</pre>
 *
 * <p>Tests that use it give the client a small port range and a load long enough to use it up
 * even at a fraction of the asked rate, so that a slow client still gets there.
 */
public final class PortExhaustion {
    private PortExhaustion() {
    }

    /**
     * The client held {@code tuples} TIME_WAIT sockets at once, one per 4-tuple, none taken over,
     * and the server none; every connection entered TIME_WAIT, and every failure was
     * {@code errno}. Holds for a load in the namespace lab shorter than 60 s, in which no TIME_WAIT
     * expires. So exactly {@code tuples} connections completed, unless a TIME_WAIT left early
     * without being taken over, which only an incoming RST does (with tcp_rfc1337=0, the default) and
     * no counter shows: each such port served one more connection. The summary counts them as
     * TIME_WAIT left before expiry (a loaded run of the tw-reuse experiment had 21 of 1,021).
     */
    public static void assertRanOutAfter(long tuples, String errno, Summary s) {
        assertTrue(s.failed() > 0, "the load ended before the " + tuples + " 4-tuples ran out: " + s.attemptsStarted()
                + " attempts started (of " + s.attemptsDue() + " due), " + s.completed() + " completed");
        assertEquals(Map.of(errno, s.failed()), s.failures(), "every failure is " + errno);
        assertEquals(s.completed() + s.failed(), s.attemptsStarted(), "every attempt started completed or failed");
        Summary.SideTimeWait client = s.timeWait().get("client");
        assertNotNull(client.entered(), "the namespace lab counts each side's TIME_WAIT entries");
        assertEquals(tuples, client.peak() - client.start(), "the client held one TIME_WAIT per 4-tuple, all at once");
        assertEquals(s.completed(), client.entered(), "TcpExt TW: every connection entered TIME_WAIT");
        assertEquals(0L, client.recycled(), "no TIME_WAIT was taken over (TWRecycled)");
        assertEquals(tuples + client.leftBeforeExpiry(), s.completed(),
                "one connection per 4-tuple, and one more per TIME_WAIT an RST ended early");
        Summary.SideTimeWait server = s.timeWait().get("server");
        assertEquals(0, server.peak() - server.start(), "the server closed second: no TIME_WAIT there");
    }
}
