package dev.twbench.analysis.host;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityModel;
import dev.twbench.analysis.capacity.PortCapacity;
import dev.twbench.loadgen.probe.Endpoint;
import dev.twbench.loadgen.probe.TcpSocket;
import dev.twbench.loadgen.probe.TcpState;
import dev.twbench.loadgen.sys.SocketOwners;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Tallies a namespace's socket table by destination: what {@code doctor} shows a host with
 * hundreds of thousands of TIME_WAIT sockets.
 *
 * <pre>{@code
 * SocketCensus census = SocketCensus.watched(32768, 60999, System::nanoTime, new Watch(startNs, endNs));
 * TcpTable.readAll(census);                  // or SocketCensus.withoutWatch(32768, 60999)
 * HostSockets host = census.result(10, capacity, SocketOwners::of);
 * }</pre>
 *
 * <p>Which end is the destination: a socket whose local port is a listener's, or outside the
 * ephemeral range, was accepted here (its TIME_WAIT counts for the local service); any other was
 * opened here by connect() (it counts for its remote end, the destination). The kernel lists a
 * table's listeners before its connections, so the listeners are known when the connections come.
 *
 * <p>With a watch, a socket entered TIME_WAIT during it if its TIME_WAIT timer has what is left
 * after that long, judged at the moment its line is read ({@link Watch}): the table takes a
 * second or more to read at 500,000 sockets, and sockets keep entering meanwhile. The edges are as
 * sharp as the kernel's timers, a jiffy (4 ms at HZ=250) printed in hundredths of a second, both
 * rounded down: a socket within about 20 ms after the start may read as older and be left out.
 * Sockets that leave TIME_WAIT early (taken over with tcp_tw_reuse, reset) or never enter it
 * (past tcp_max_tw_buckets) are not in the table: the rate reads low then, and doctor says so.
 */
public final class SocketCensus implements Consumer<TcpSocket> {
    /** TIME_WAIT's fixed length, in the hundredths of a second the table gives timers in. */
    private static final long TIME_WAIT_CS = Math.round(CapacityModel.TIME_WAIT_SECONDS * 100);
    private static final int TIME_WAIT_WHOLE_SECONDS = (int) CapacityModel.TIME_WAIT_SECONDS;

    private final int portLow;
    private final int portHigh;
    private final LongSupplier clockNs;
    /** The watch, by {@link #clockNs}; null without one. */
    private final Watch watch;

    /**
     * A watch from {@code startNs} to {@code endNs}. A socket entered TIME_WAIT within it when,
     * at the moment {@code nowNs} its line is read, its timer has between 60 s minus the time
     * since the end and 60 s minus the time since the start left: sockets that entered after
     * the watch (while the table is read) do not count.
     */
    public record Watch(long startNs, long endNs) {
        public double seconds() {
            return (endNs - startNs) / 1e9;
        }

        boolean entered(long timerLeftCs, long nowNs) {
            long sinceStartCs = (nowNs - startNs) / 10_000_000;
            long sinceEndCs = (nowNs - endNs) / 10_000_000;
            return timerLeftCs > TIME_WAIT_CS - sinceStartCs && timerLeftCs <= TIME_WAIT_CS - sinceEndCs;
        }
    }
    private final Set<Integer> listeningPorts = new HashSet<>();
    private final Map<Endpoint, Outgoing> destinations = new HashMap<>();
    private final Map<Endpoint, long[]> services = new HashMap<>();
    private long timeWait;
    private long established;

    private SocketCensus(int portLow, int portHigh, LongSupplier clockNs, Watch watch) {
        this.portLow = portLow;
        this.portHigh = portHigh;
        this.clockNs = clockNs;
        this.watch = watch;
    }

    /** A census of who holds what now; {@code portLow}, {@code portHigh}: this host's ip_local_port_range. */
    public static SocketCensus withoutWatch(int portLow, int portHigh) {
        return new SocketCensus(portLow, portHigh, System::nanoTime, null);
    }

    /** The same, also counting the sockets that entered TIME_WAIT during {@code watch}, by {@code clockNs}. */
    public static SocketCensus watched(int portLow, int portHigh, LongSupplier clockNs, Watch watch) {
        return new SocketCensus(portLow, portHigh, clockNs, watch);
    }

    /** What the census tallied for one destination while the table streamed by. */
    private static final class Outgoing {
        long timeWait;
        long established;
        long other;
        final Set<String> sourceAddresses = new HashSet<>(2);
        /** TIME_WAIT sockets by whole seconds of their timer left, 0 to 60. */
        final long[] timeWaitBySecondsLeft = new long[TIME_WAIT_WHOLE_SECONDS + 1];
        long enteredDuringWatch;
        long[] establishedInodes = new long[16];
    }

    @Override
    public void accept(TcpSocket socket) {
        TcpState state = socket.state();
        if (state == TcpState.LISTEN) {
            listeningPorts.add(socket.local().port());
            return;
        }
        if (state == TcpState.TIME_WAIT) {
            timeWait++;
        } else if (state == TcpState.ESTABLISHED) {
            established++;
        }
        int localPort = socket.local().port();
        if (listeningPorts.contains(localPort) || localPort < portLow || localPort > portHigh) {
            if (state == TcpState.TIME_WAIT) {
                services.computeIfAbsent(socket.local(), e -> new long[1])[0]++;
            }
            return;
        }
        Outgoing d = destinations.computeIfAbsent(socket.remote(), e -> new Outgoing());
        d.sourceAddresses.add(socket.local().address());
        switch (state) {
            case TIME_WAIT -> {
                d.timeWait++;
                d.timeWaitBySecondsLeft[(int) Math.min(TIME_WAIT_WHOLE_SECONDS, socket.timerLeftCs() / 100)]++;
                if (watch != null && watch.entered(socket.timerLeftCs(), clockNs.getAsLong())) {
                    d.enteredDuringWatch++;
                }
            }
            case ESTABLISHED -> {
                if (d.established == d.establishedInodes.length) {
                    d.establishedInodes = Arrays.copyOf(d.establishedInodes, d.establishedInodes.length * 2);
                }
                d.establishedInodes[(int) d.established++] = socket.inode();
            }
            default -> d.other++;
        }
    }

    /**
     * @param top             how many destinations and services to give, most TIME_WAIT first
     * @param capacity        this host's settings, as the capacity model reads them
     * @param watchSeconds    the watch's length, or null without one: the sockets that entered
     *                        TIME_WAIT during it, per second of it, are each destination's rate
     * @param owners          finds established connections' processes ({@link SocketOwners#of})
     */
    public HostSockets result(int top, PortCapacity capacity, Double watchSeconds,
            Function<Set<Long>, SocketOwners.Found> owners) {
        List<Map.Entry<Endpoint, Outgoing>> topDestinations = destinations.entrySet().stream()
                .filter(e -> e.getValue().timeWait > 0)
                .sorted(Comparator.comparingLong((Map.Entry<Endpoint, Outgoing> e) -> e.getValue().timeWait).reversed()
                        .thenComparing(e -> e.getKey().toString()))
                .limit(top).toList();
        Set<Long> inodes = new HashSet<>();
        for (Map.Entry<Endpoint, Outgoing> e : topDestinations) {
            for (int i = 0; i < e.getValue().established; i++) {
                inodes.add(e.getValue().establishedInodes[i]);
            }
        }
        SocketOwners.Found found = inodes.isEmpty() ? new SocketOwners.Found(Map.of(), 0) : owners.apply(inodes);
        long outgoing = destinations.values().stream().mapToLong(d -> d.timeWait).sum();
        long incoming = services.values().stream().mapToLong(c -> c[0]).sum();
        List<DestinationUse> uses = topDestinations.stream()
                .map(e -> use(e.getKey(), e.getValue(), capacity, watchSeconds, i -> found.owners().get(i))).toList();
        List<ServiceUse> serviceUses = services.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Endpoint, long[]> e) -> e.getValue()[0]).reversed()
                        .thenComparing(e -> e.getKey().toString()))
                .limit(top).map(e -> new ServiceUse(e.getKey().toString(), e.getValue()[0])).toList();
        return new HostSockets(timeWait, outgoing, incoming, established, uses, serviceUses, found.hiddenPids());
    }

    private static DestinationUse use(Endpoint destination, Outgoing d, PortCapacity capacity, Double watchSeconds,
            LongFunction<SocketOwners.Process> owner) {
        int addresses = d.sourceAddresses.size();
        long tuples = (long) capacity.ports() * addresses;
        Long entered = null;
        Double rateCps = null;
        if (watchSeconds != null) {
            entered = d.enteredDuringWatch;
            rateCps = d.enteredDuringWatch / watchSeconds;
        }
        CapacityInputs inputs = capacity.forDestination(addresses, isLoopback(destination.address()), rateCps);
        double sustainableCps = CapacityModel.predict(inputs).sustainableCps();
        Double exhaustion = rateCps == null || rateCps <= sustainableCps ? null
                : exhaustionSeconds(d, tuples, rateCps, sustainableCps);
        Map<Long, Long> byPid = new HashMap<>();
        Map<Long, String> commands = new HashMap<>();
        for (int i = 0; i < d.established; i++) {
            SocketOwners.Process o = owner.apply(d.establishedInodes[i]);
            if (o != null) {
                byPid.merge(o.pid(), 1L, Long::sum);
                commands.put(o.pid(), o.command());
            }
        }
        List<DestinationUse.Owner> owners = byPid.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue().reversed()).limit(3)
                .map(e -> new DestinationUse.Owner(e.getKey(), commands.get(e.getKey()), e.getValue())).toList();
        return new DestinationUse(destination.toString(), d.timeWait, d.established, d.other, addresses, tuples,
                tuples == 0 ? 0 : (double) d.timeWait / tuples, entered, rateCps,
                Double.isFinite(sustainableCps) ? sustainableCps : null, exhaustion, owners);
    }

    /**
     * When the destination's 4-tuples run out if new connections keep coming at {@code rateCps}:
     * the sockets now in TIME_WAIT leave as their timers say, each new one holds its tuple 60 s.
     * With tcp_tw_reuse in effect a tuple comes back after tcp_tw_reuse_delay instead, so what
     * runs out is the free tuples, filled at the rate beyond what reuse gives back.
     */
    private static Double exhaustionSeconds(Outgoing d, long tuples, double rateCps, double sustainableCps) {
        long free = tuples - d.established - d.other;
        if (Double.isFinite(sustainableCps) && sustainableCps > tuples / CapacityModel.TIME_WAIT_SECONDS + 1e-9) {
            return Math.max(0, free - d.timeWait) / (rateCps - sustainableCps);
        }
        for (int t = 0; t <= TIME_WAIT_WHOLE_SECONDS; t++) {
            long stillWaiting = 0;
            for (int s = t; s <= TIME_WAIT_WHOLE_SECONDS; s++) {
                stillWaiting += d.timeWaitBySecondsLeft[s];
            }
            if (stillWaiting + rateCps * t >= free) {
                return (double) t;
            }
        }
        return null;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
