package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.record.Summary;
import java.util.Map;

/**
 * What the kernel fixes when a client that closes first runs out of ports: how many connections
 * got through (one per 4-tuple of the pool, whose TIME_WAIT then holds it for 60 s), on which
 * side the TIME_WAIT is, and which errno every later attempt gets. Never when: that follows from
 * the rate only if the client kept up with it, and on a shared machine it may not.
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
     * Exactly {@code tuples} connections completed, each leaving one TIME_WAIT on the client and
     * none on the server; then every further attempt failed with {@code errno} and nothing else.
     * Holds for a load shorter than 60 s, in which no TIME_WAIT expires.
     */
    public static void assertRanOutAfter(long tuples, String errno, Summary s) {
        assertTrue(s.failed() > 0, "the load ended before the " + tuples + " 4-tuples ran out: " + s.attemptsStarted()
                + " attempts started (of " + s.attemptsDue() + " due), " + s.completed() + " completed");
        assertEquals(Map.of(errno, s.failed()), s.failures(), "every failure is " + errno);
        assertEquals(tuples, s.completed(), "one connection per 4-tuple, then its TIME_WAIT holds it");
        assertEquals(s.completed() + s.failed(), s.attemptsStarted(), "every attempt started completed or failed");
        Summary.SideTimeWait client = s.timeWait().get("client");
        assertEquals(tuples, client.peak() - client.start(), "the client holds one TIME_WAIT per 4-tuple");
        if (client.entered() != null) {
            assertEquals(tuples, client.entered(), "TcpExt TW: one entry per connection");
            assertEquals(0L, client.recycled(), "no TIME_WAIT was taken over");
        }
        Summary.SideTimeWait server = s.timeWait().get("server");
        assertEquals(0, server.peak() - server.start(), "the server closed second: no TIME_WAIT there");
    }
}
