package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.PortCapacity;
import dev.twbench.analysis.host.DestinationUse;
import dev.twbench.analysis.host.HostSockets;
import dev.twbench.analysis.host.ServiceUse;
import dev.twbench.analysis.host.SocketCensus;
import dev.twbench.analysis.report.Format;
import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.probe.KernelCounters;
import dev.twbench.loadgen.probe.TcpTable;
import dev.twbench.loadgen.scenario.Durations;
import dev.twbench.loadgen.sys.SocketOwners;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code doctor}'s view of the host's own TIME_WAIT: how many there are, since boot and now,
 * towards which destinations, how much of each destination's 4-tuples they take, and (with a
 * watch) how fast they come and when the 4-tuples would run out. Read-only, like the rest of doctor.
 *
 * @param counters     the namespace's TIME_WAIT counters, named as in timeseries.csv
 * @param twEnteredDuringWatch TcpExt TW's rise during the watch: every socket of this namespace
 *                     that entered TIME_WAIT in it; null without a watch
 * @param sockets      the socket table's census
 * @param watchSeconds how long the rate was measured, or null
 * @param readMs       how long reading and tallying the socket table took
 */
record HostTimeWait(Map<String, Long> counters, Long twEnteredDuringWatch, HostSockets sockets, Double watchSeconds, long readMs) {
    private static final List<Counter> COUNTERS = List.of(Counters.TIME_WAIT, Counters.TW_ENTERED,
            Counters.TW_RECYCLED, Counters.TW_OVERFLOW);
    private static final Path NET = Path.of("/proc/net");

    /**
     * Reads this namespace: counters, then (after the watch, if any) counters again and the socket table.
     *
     * @param watchMs 0 for no watch; otherwise how long to watch: each destination's rate is the
     *                sockets that entered TIME_WAIT since the watch began, per second of it
     * @param err     where to say that the watch has begun (doctor pauses for it)
     */
    static HostTimeWait read(int top, PortCapacity capacity, int portLow, int portHigh, long watchMs, PrintWriter err)
            throws IOException {
        long watchStartNs = System.nanoTime();
        CounterValues before = watchMs > 0 ? KernelCounters.read(NET) : null;
        if (watchMs > 0) {
            err.printf("doctor: watching this host's TIME_WAIT for %s%n", Durations.format(watchMs));
            err.flush();
            try {
                Thread.sleep(watchMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while watching", e);
            }
        }
        CounterValues kernel = KernelCounters.read(NET);
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Counter c : COUNTERS) {
            kernel.get(c).ifPresent(v -> counters.put(c.column(), v));
        }
        Long enteredDuringWatch = watchMs > 0 && kernel.has(Counters.TW_ENTERED)
                ? kernel.getOrZero(Counters.TW_ENTERED) - before.getOrZero(Counters.TW_ENTERED) : null;
        long readStartNs = System.nanoTime();
        SocketCensus.Watch watch = watchMs > 0 ? new SocketCensus.Watch(watchStartNs, readStartNs) : null;
        SocketCensus census = watch != null ? SocketCensus.watched(portLow, portHigh, System::nanoTime, watch)
                : SocketCensus.withoutWatch(portLow, portHigh);
        TcpTable.readAll(census);
        Double watchSeconds = watch != null ? watch.seconds() : null;
        HostSockets sockets = census.result(top, capacity, watchSeconds, SocketOwners::of);
        return new HostTimeWait(counters, enteredDuringWatch, sockets, watchSeconds,
                (System.nanoTime() - readStartNs) / 1_000_000);
    }

    void print(PrintWriter out) {
        out.printf("%nTIME_WAIT on this host (its network namespace)%n");
        out.printf("  now %s: %s towards destinations it connected to, %s at its own services%n",
                Format.count(sockets.timeWaitSockets()), Format.count(sockets.outgoingTimeWait()),
                Format.count(sockets.incomingTimeWait()));
        if (twEnteredDuringWatch != null) {
            out.printf("  during the %.1f s watch: %s entered TIME_WAIT (TcpExt TW), %s per second%n", watchSeconds,
                    Format.count(twEnteredDuringWatch), Format.count(Math.round(twEnteredDuringWatch / watchSeconds)));
        }
        out.printf("  since boot (or since this namespace was made): %s entered (TcpExt TW), %s taken over (TWRecycled), %s skipped at tcp_max_tw_buckets"
                        + " (TCPTimeWaitOverflow)%n", since(Counters.TW_ENTERED), since(Counters.TW_RECYCLED),
                since(Counters.TW_OVERFLOW));
        if (sockets.destinations().isEmpty()) {
            out.printf("  no connection this host opened is in TIME_WAIT%n");
        } else {
            out.printf("%n  %-28s %10s %18s %8s %10s %12s %10s  %s%n", "destination", "TIME_WAIT", "of 4-tuples",
                    "open", "rate/s", "sustained/s", "runs out", "held open by");
            for (DestinationUse d : sockets.destinations()) {
                out.printf("  %-28s %10s %18s %8s %10s %12s %10s  %s%n", d.destination(), Format.count(d.timeWaitSockets()),
                        String.format(Locale.ROOT, "%.1f %% of %s", 100 * d.timeWaitShare(), Format.count(d.tuples())),
                        Format.count(d.establishedConnections()),
                        d.rateCps() == null ? "-" : String.format(Locale.ROOT, "%.0f", d.rateCps()),
                        d.sustainableCps() == null ? "no limit"
                                : String.format(Locale.ROOT, "%.0f", d.sustainableCps()),
                        runsOut(d), owners(d));
            }
            out.printf("  (4-tuples: usable ephemeral ports x the source addresses used towards it; sustained: new"
                    + " connections/s it takes forever, each ending in TIME_WAIT here%s%n", watchSeconds == null
                    ? "; rate and running out need --watch)" : String.format(Locale.ROOT,
                    "; rate: its sockets that entered TIME_WAIT during the %.1f s watch, by their TIME_WAIT timers, per"
                    + " second; it reads low where tcp_tw_reuse takes sockets over or tcp_max_tw_buckets is full)",
                    watchSeconds));
            if (sockets.hiddenProcesses() > 0) {
                out.printf("  (%d processes could not be looked into: their connections show no owner)%n",
                        sockets.hiddenProcesses());
            }
        }
        if (!sockets.services().isEmpty()) {
            out.printf("%n  %-28s %10s%n", "own service (closed first)", "TIME_WAIT");
            for (ServiceUse s : sockets.services()) {
                out.printf("  %-28s %10s%n", s.service(), Format.count(s.timeWaitSockets()));
            }
        }
        out.printf("  (socket table read and tallied in %d ms)%n", readMs);
    }

    private String since(Counter counter) {
        Long v = counters.get(counter.column());
        return v == null ? "?" : Format.count(v);
    }

    private static String runsOut(DestinationUse d) {
        if (d.rateCps() == null) {
            return "-";
        }
        return d.exhaustionSeconds() == null ? "never" : String.format(Locale.ROOT, "in %.0f s", d.exhaustionSeconds());
    }

    private static String owners(DestinationUse d) {
        return d.owners().isEmpty() ? "-" : d.owners().stream()
                .map(o -> o.command() + " (" + o.pid() + "): " + Format.count(o.connections()))
                .collect(Collectors.joining(", "));
    }
}
