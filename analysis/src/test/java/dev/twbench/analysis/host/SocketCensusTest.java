package dev.twbench.analysis.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.twbench.analysis.capacity.PortCapacity;
import dev.twbench.loadgen.probe.Endpoint;
import dev.twbench.loadgen.probe.TcpSocket;
import dev.twbench.loadgen.probe.TcpState;
import dev.twbench.loadgen.sys.SocketOwners;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The census's arithmetic on a table made up here (DoctorHostTest checks it on the kernel's):
 * which end is the destination, what entered TIME_WAIT during a watch, and when the tuples run out.
 */
class SocketCensusTest {
    private static final PortCapacity DEFAULTS = PortCapacity.of("32768 60999", "", 0, 1000, true, 1_000_000);
    private static final Endpoint SERVICE = new Endpoint("10.0.0.1", 8080);
    private static final Endpoint DESTINATION = new Endpoint("10.0.0.2", 80);
    private static final long WATCH_START_NS = 1_000_000_000L;
    /** Every line is read 5 s after the watch began. */
    private static final long READ_AT_NS = WATCH_START_NS + 5_000_000_000L;

    private static TcpSocket socket(TcpState state, Endpoint local, Endpoint remote, long timerLeftCs, long inode) {
        return new TcpSocket(state, local, remote, state == TcpState.TIME_WAIT ? TcpSocket.TIME_WAIT_TIMER : 0,
                timerLeftCs, 0, inode);
    }

    private static void add(SocketCensus census, int count, TcpState state, long timerLeftCs, int firstPort) {
        for (int i = 0; i < count; i++) {
            census.accept(socket(state, new Endpoint("10.0.0.1", firstPort + i), DESTINATION, timerLeftCs, 1000 + i));
        }
    }

    @Test
    void aConnectionToTheServicesPortIsIncomingAndOneFromAnEphemeralPortGoesToItsDestination() {
        SocketCensus census = SocketCensus.withoutWatch(32768, 60999);
        census.accept(socket(TcpState.LISTEN, SERVICE, new Endpoint("0.0.0.0", 0), 0, 1));
        census.accept(socket(TcpState.TIME_WAIT, SERVICE, new Endpoint("10.0.0.9", 40000), 3000, 0));
        add(census, 3, TcpState.TIME_WAIT, 3000, 40000);
        add(census, 2, TcpState.ESTABLISHED, 0, 50000);
        HostSockets host = census.result(10, DEFAULTS, null, inodes -> new SocketOwners.Found(
                Map.of(1000L, new SocketOwners.Process(42, "curl"), 1001L, new SocketOwners.Process(42, "curl")), 0));
        assertEquals(4, host.timeWaitSockets());
        assertEquals(List.of(new ServiceUse("10.0.0.1:8080", 1)), host.services());
        DestinationUse d = host.destinations().get(0);
        assertEquals(new DestinationUse("10.0.0.2:80", 3, 2, 0, 1, 28_232, 3 / 28_232.0, null, null, 28_232 / 60.0,
                null, List.of(new DestinationUse.Owner(42, "curl", 2))), d);
    }

    /**
     * 5,000 entered in the 5 s watch (58 s of their timer left), 20,000 older ones leave in 30 s:
     * at 1,000/s the 28,232 tuples are full when 25,000 + 1,000 t reaches them, after 4 s.
     */
    @Test
    void atTheWatchedRateTheTuplesRunOutWhenTheNewOnesOutgrowThoseLeaving() {
        SocketCensus census = SocketCensus.since(32768, 60999, () -> READ_AT_NS, WATCH_START_NS);
        add(census, 5_000, TcpState.TIME_WAIT, 5_800, 32768);
        add(census, 20_000, TcpState.TIME_WAIT, 3_000, 40000);
        DestinationUse d = census.result(10, DEFAULTS, 5.0, inodes -> new SocketOwners.Found(Map.of(), 0))
                .destinations().get(0);
        assertEquals(5_000L, d.enteredTimeWait());
        assertEquals(1_000.0, d.rateCps());
        assertEquals(4.0, d.exhaustionSeconds());
    }

    @Test
    void belowWhatThePortsSustainTheyNeverRunOut() {
        SocketCensus census = SocketCensus.since(32768, 60999, () -> READ_AT_NS, WATCH_START_NS);
        add(census, 2_000, TcpState.TIME_WAIT, 5_800, 32768);
        DestinationUse d = census.result(10, DEFAULTS, 5.0, inodes -> new SocketOwners.Found(Map.of(), 0))
                .destinations().get(0);
        assertEquals(400.0, d.rateCps(), "below 28,232 / 60 s = 470.5");
        assertNull(d.exhaustionSeconds());
    }
}
