package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.SlabCache;
import dev.twbench.loadgen.experiment.kit.TimeWaitBatch;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.util.concurrent.TimeUnit;

/**
 * 13. What TIME_WAIT sockets cost the kernel: the tw_sock_TCP cache's object size and growth while
 * 20,000 are made, against a full TCP socket; and the ceiling, tcp_max_tw_buckets, past which a
 * closing socket skips TIME_WAIT.
 */
final class KernelMemory implements Experiment {
    static final int SOCKETS = 20_000;
    static final int CEILING = 1_000;
    static final int BEYOND_CEILING = 2 * CEILING;

    @Override
    public Claim claim() {
        return new Claim("kernel-memory", "Many TIME_WAIT sockets cost kernel resources",
                "Others don't like that a busy server may have hundreds or thousands of these TIME_WAIT sockets"
                        + " stacking up and using kernel resources.",
                Source.ADDRINUSE, false);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Kernel.set(NamespaceSysctl.TCP_TW_REUSE, "0"); // every connection a new port, none recycled
        // 20,000 TIME_WAIT ports fit in the even half of this range, where connect() looks first: in
        // the default range (14,116 even ports) each later connect() walks them all before an odd
        // one: beside the other experiments on a busy machine the batch took 61.5 s, so its first
        // sockets had expired when they were counted (14,988 of 20,000 held). The range starts above
        // the batches' own listening ports: with 1024 65535, now and then a first-batch client had
        // taken port 7802, and its TIME_WAIT refused the second listener (CI: BindException).
        Kernel.set(NamespaceSysctl.IP_LOCAL_PORT_RANGE, "10000 65535");

        // The ceiling: twice as many closes as tcp_max_tw_buckets allows.
        Kernel.set(NamespaceSysctl.TCP_MAX_TW_BUCKETS, Integer.toString(CEILING));
        long overflowBefore = Kernel.counters().getOrZero(Counters.TW_OVERFLOW);
        TimeWaitBatch.onClient(7801, BEYOND_CEILING);
        // The last closes may still be on their way into TIME_WAIT: on a busy machine the server's
        // FIN can wait in ksoftirqd. Each close ends in the level or in the overflow count, so read
        // until they add up, for at most two seconds (CI once read 1,000 + 999).
        long levelAtCeiling;
        long overflow;
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        do {
            levelAtCeiling = Kernel.timeWaitTotal();
            overflow = Kernel.counters().getOrZero(Counters.TW_OVERFLOW) - overflowBefore;
        } while (levelAtCeiling + overflow < BEYOND_CEILING && System.nanoTime() < deadlineNs && pause());

        // The cost: a large batch under the usual limit.
        Kernel.set(NamespaceSysctl.TCP_MAX_TW_BUCKETS, "262144");
        SlabCache before = SlabCache.read("tw_sock_TCP");
        TimeWaitBatch batch = TimeWaitBatch.onClient(7802, SOCKETS);
        SlabCache after = SlabCache.read("tw_sock_TCP");
        long held = Kernel.timeWait(7802).client();
        long added = after.activeObjects() - before.activeObjects();
        long fullSocketBytes = SlabCache.read("TCP").objectBytes();
        double mibPer100k = after.objectBytes() * 100_000.0 / (1 << 20);
        trial.say(String.format("%d TIME_WAIT made in %.1f s", SOCKETS, batch.makingSeconds()));

        String observed = String.format("Each TIME_WAIT socket is a %d-byte tw_sock_TCP object (a full TCP socket is"
                        + " %d bytes): 100,000 of them take about %.1f MiB. While %,d were made (%,d held in TIME_WAIT),"
                        + " the machine-wide cache grew by %,d objects. With tcp_max_tw_buckets=%,d, %,d client-first"
                        + " closes left %,d sockets in TIME_WAIT and TcpExt TCPTimeWaitOverflow rose by %,d: the rest"
                        + " skipped TIME_WAIT silently.",
                after.objectBytes(), fullSocketBytes, mibPer100k, SOCKETS, held, added, CEILING, BEYOND_CEILING,
                levelAtCeiling, overflow);
        boolean asExpected = after.objectBytes() > 0 && after.objectBytes() < fullSocketBytes / 4
                && held == SOCKETS && added >= SOCKETS / 2 && levelAtCeiling == CEILING
                && overflow == BEYOND_CEILING - CEILING;
        return Outcome.method(String.format("In a fresh namespace with net.ipv4.ip_local_port_range=10000 65535: set"
                        + " net.ipv4.tcp_max_tw_buckets=%d and closed %d"
                        + " loopback connections client-first, counting TIME_WAIT (sockstat) and TcpExt"
                        + " TCPTimeWaitOverflow. Then raised the limit and made %d more, reading the tw_sock_TCP"
                        + " cache in /proc/slabinfo before and after.", CEILING, BEYOND_CEILING, SOCKETS))
                .figure("bytesPerTimeWaitSocket", after.objectBytes())
                .figure("bytesPerTcpSocket", fullSocketBytes)
                .figure("mibPer100kTimeWait", Math.round(mibPer100k * 10) / 10.0)
                .figure("timeWaitMade", held)
                .figure("slabObjectsAdded", added)
                .figure("maxTwBuckets", CEILING)
                .figure("timeWaitAtCeiling", levelAtCeiling)
                .figure("timeWaitOverflow", overflow)
                .judged(asExpected, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed,
                        "The cost is small and bounded: a TIME_WAIT socket is a compact object with no file"
                                + " descriptor, buffers or process behind it, about a tenth of a live socket, and"
                                + " net.ipv4.tcp_max_tw_buckets caps how many exist (past it, closes skip TIME_WAIT"
                                + " without a message; only TCPTimeWaitOverflow counts them).");
    }

    /** A short pause between two readings; true, for use in a loop's condition. */
    private static boolean pause() throws InterruptedException {
        Thread.sleep(20);
        return true;
    }
}
