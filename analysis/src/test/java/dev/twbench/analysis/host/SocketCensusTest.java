package dev.twbench.analysis.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.PortCapacity;
import dev.twbench.loadgen.probe.Endpoint;
import dev.twbench.loadgen.probe.TcpSocket;
import dev.twbench.loadgen.probe.TcpState;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.SocketOwners;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The census's arithmetic on a table made up here (DoctorHostTest checks it on the kernel's):
 * which end is the destination, what entered TIME_WAIT during a watch, and when the tuples run out.
 */
class SocketCensusTest {
    private static final PortCapacity DEFAULTS = capacity("0");
    private static final Endpoint SERVICE = new Endpoint("10.0.0.1", 8080);
    private static final Endpoint DESTINATION = new Endpoint("10.0.0.2", 80);
    private static final long WATCH_START_NS = 1_000_000_000L;
    private static final SocketCensus.Watch WATCH = new SocketCensus.Watch(WATCH_START_NS, WATCH_START_NS + 5_000_000_000L);
    /** Every line is read 1 s after the 5 s watch ended. */
    private static final long READ_AT_NS = WATCH.endNs() + 1_000_000_000L;

    /** The kernel's defaults (28,232 ports, 1 s reuse delay, timestamps on) with this tcp_tw_reuse. */
    private static PortCapacity capacity(String twReuse) {
        return PortCapacity.of(CapacityInputs.builder().sysctls(Map.of(NamespaceSysctl.TCP_TW_REUSE, twReuse,
                NamespaceSysctl.TCP_MAX_TW_BUCKETS, "1000000"), Map.of(), null).build());
    }

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
     * 5,000 entered in the 5 s watch (57 s of their timer left, read 1 s after it), 20,000 older
     * ones leave in 30 s: at 1,000/s the 28,232 tuples are full when 25,000 + 1,000 t reaches them,
     * after 4 s.
     */
    @Test
    void atTheWatchedRateTheTuplesRunOutWhenTheNewOnesOutgrowThoseLeaving() {
        SocketCensus census = SocketCensus.watched(32768, 60999, () -> READ_AT_NS, WATCH);
        add(census, 5_000, TcpState.TIME_WAIT, 5_700, 32768);
        add(census, 20_000, TcpState.TIME_WAIT, 3_000, 40000);
        DestinationUse d = census.result(10, DEFAULTS, 5.0, inodes -> new SocketOwners.Found(Map.of(), 0))
                .destinations().get(0);
        assertEquals(5_000L, d.enteredTimeWait());
        assertEquals(1_000.0, d.rateCps());
        assertEquals(4.0, d.exhaustionSeconds());
    }

    @Test
    void belowWhatThePortsSustainTheyNeverRunOut() {
        SocketCensus census = SocketCensus.watched(32768, 60999, () -> READ_AT_NS, WATCH);
        add(census, 2_000, TcpState.TIME_WAIT, 5_700, 32768);
        DestinationUse d = census.result(10, DEFAULTS, 5.0, inodes -> new SocketOwners.Found(Map.of(), 0))
                .destinations().get(0);
        assertEquals(400.0, d.rateCps(), "below 28,232 / 60 s = 470.5");
        assertNull(d.exhaustionSeconds());
    }

    /**
     * Read 6 s after the watch began and 1 s after it ended: a socket entered during the watch
     * if it has more than 54 s and at most 59 s of its timer left. One with 59.01 s left entered
     * after the watch (while the table was read), one with 54 s before it.
     */
    @Test
    void theWatchCountsWhatEnteredBetweenItsStartAndItsEndNotWhileTheTableIsRead() {
        SocketCensus census = SocketCensus.watched(32768, 60999, () -> READ_AT_NS, WATCH);
        add(census, 1, TcpState.TIME_WAIT, 5_400, 40000);   // 6 s old: the start, left out
        add(census, 2, TcpState.TIME_WAIT, 5_401, 41000);   // just after the start
        add(census, 3, TcpState.TIME_WAIT, 5_900, 42000);   // the end
        add(census, 4, TcpState.TIME_WAIT, 5_901, 43000);   // after the end
        DestinationUse d = census.result(10, DEFAULTS, WATCH.seconds(), inodes -> new SocketOwners.Found(Map.of(), 0))
                .destinations().get(0);
        assertEquals(10, d.timeWaitSockets());
        assertEquals(5L, d.enteredTimeWait());
        assertEquals(1.0, d.rateCps());
    }

    /** A port outside the ephemeral range is a service's, even without its listener in the table. */
    @Test
    void aLocalPortOutsideTheEphemeralRangeIsAServicesTimeWait() {
        SocketCensus census = SocketCensus.withoutWatch(32768, 60999);
        census.accept(socket(TcpState.TIME_WAIT, new Endpoint("10.0.0.1", 443), new Endpoint("10.0.0.9", 40000), 3000, 0));
        HostSockets host = census.result(10, DEFAULTS, null, inodes -> new SocketOwners.Found(Map.of(), 0));
        assertEquals(List.of(new ServiceUse("10.0.0.1:443", 1)), host.services());
        assertEquals(List.of(), host.destinations());
        assertEquals(1, host.incomingTimeWait());
    }

    /**
     * With tcp_tw_reuse=1 and timestamps, a tuple comes back after the 1 s delay: 28,232 per
     * second sustained. At 40,000/s the 28,232 - 10,000 free tuples fill at the 11,768 per second
     * reuse cannot give back: after 18,232 / 11,768 = 1.55 s.
     */
    @Test
    void withReuseTheFreeTuplesFillAtTheRateReuseCannotGiveBack() {
        PortCapacity reuse = capacity("1");
        SocketCensus census = SocketCensus.watched(32768, 60999, () -> READ_AT_NS, WATCH);
        add(census, 10_000, TcpState.TIME_WAIT, 5_700, 32768);
        // Told the watch lasted a quarter of a second: 10,000 entered in it is 40,000 per second.
        DestinationUse d = census.result(10, reuse, WATCH.seconds() / 20, inodes -> new SocketOwners.Found(Map.of(), 0))
                .destinations().get(0);
        assertEquals(40_000.0, d.rateCps());
        assertEquals(28_232.0, d.sustainableCps(), 1e-9);
        assertEquals(18_232 / 11_768.0, d.exhaustionSeconds(), 1e-9);
    }
}
