package dev.twbench.loadgen.experiment.catalogue;

import dev.twbench.loadgen.experiment.Claim;
import dev.twbench.loadgen.experiment.Experiment;
import dev.twbench.loadgen.experiment.Outcome;
import dev.twbench.loadgen.experiment.Trial;
import dev.twbench.loadgen.experiment.kit.Kernel;
import dev.twbench.loadgen.experiment.kit.TimeWaitBatch;
import dev.twbench.loadgen.experiment.result.ExperimentChart;
import dev.twbench.loadgen.experiment.result.Series;
import dev.twbench.loadgen.experiment.result.Source;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.util.ArrayList;
import java.util.List;

/**
 * 2. How long TIME_WAIT lasts, and that tcp_fin_timeout does not change it: two batches of
 * client-side TIME_WAIT, one made with tcp_fin_timeout=5 and one with 60, watched until they are
 * gone. The sysctl is read when a socket closes, so both batches share one namespace.
 */
final class Lifetime implements Experiment {
    static final int SOCKETS = 200;
    static final long POLL_MS = 250;
    /** TCP_TIMEWAIT_LEN plus the timer wheel's 2.05 s granule, plus room. */
    static final long GIVE_UP_MS = 70_000;
    static final List<Integer> FIN_TIMEOUTS = List.of(5, 60);

    @Override
    public Claim claim() {
        return new Claim("lifetime", "TIME_WAIT lasts twice the maximum segment lifetime",
                "The active closer's socket cannot be freed until twice the maximum segment lifetime has elapsed,"
                        + " normally in the range of 1 to 4 minutes, depending on the TCP implementation. (Folklore"
                        + " adds: lower net.ipv4.tcp_fin_timeout to shorten it.)",
                Source.IBM_ZOS, true);
    }

    @Override
    public Outcome run(Trial trial) throws Exception {
        Outcome.Builder outcome = Outcome.method(String.format("Made %d client-side TIME_WAIT sockets on loopback"
                + " with net.ipv4.tcp_fin_timeout=5, then %d more with tcp_fin_timeout=60, and counted each batch"
                + " in /proc/net/tcp every %d ms until none was left.", SOCKETS, SOCKETS, POLL_MS));
        if (trial.quick()) {
            return outcome.notRun("Skipped under --quick: it waits about a minute for TIME_WAIT to expire.");
        }
        List<TimeWaitBatch> batches = new ArrayList<>();
        for (int i = 0; i < FIN_TIMEOUTS.size(); i++) {
            Kernel.set(NamespaceSysctl.TCP_FIN_TIMEOUT, Integer.toString(FIN_TIMEOUTS.get(i)));
            batches.add(TimeWaitBatch.onClient(7001 + i, SOCKETS));
        }
        List<Watch> watches = batches.stream().map(Watch::new).toList();
        long deadline = System.nanoTime() + GIVE_UP_MS * 1_000_000;
        while (watches.stream().anyMatch(w -> w.left < SOCKETS) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS);
            long now = System.nanoTime();
            for (Watch w : watches) {
                w.sample(Kernel.timeWait(w.batch.serverPort()).client(), now);
            }
            if (watches.get(0).x.size() % (int) (10_000 / POLL_MS) == 0) {
                trial.say(String.format("%.0f s: %d and %d still in TIME_WAIT", watches.get(0).batch.secondsSinceEnd(now),
                        SOCKETS - watches.get(0).left, SOCKETS - watches.get(1).left));
            }
        }
        List<Series> series = new ArrayList<>();
        boolean fixed = true;
        StringBuilder observed = new StringBuilder();
        for (int i = 0; i < watches.size(); i++) {
            Watch w = watches.get(i);
            int finTimeout = FIN_TIMEOUTS.get(i);
            series.add(new Series("tcp_fin_timeout=" + finTimeout, w.x, w.y));
            outcome.figure("lastLeftSecondsFinTimeout" + finTimeout, hundredths(w.lastLeftSeconds))
                    .figure("firstLeftSecondsFinTimeout" + finTimeout, hundredths(w.firstLeftSeconds));
            fixed &= w.left == SOCKETS && w.firstLeftSeconds >= 59.5 && w.lastLeftSeconds <= 63.5;
            observed.append(String.format("With tcp_fin_timeout=%d the first socket left TIME_WAIT %.2f s after"
                    + " its batch closed and the last %.2f s after. ", finTimeout, w.firstLeftSeconds,
                    w.lastLeftSeconds));
        }
        double spread = Math.abs(watches.get(0).lastLeftSeconds - watches.get(1).lastLeftSeconds);
        fixed &= spread < 2.5;
        observed.append("The two batches differ by the batch-making time and the kernel's timer granule only.");
        return outcome.chart(new ExperimentChart("TIME_WAIT left over time, by tcp_fin_timeout",
                        "seconds after the batch closed", "sockets in TIME_WAIT", series))
                .judged(fixed, Verdict.HOLDS_WITH_LINUX_DIFFERENCE, observed.toString(),
                        "On Linux twice the MSL is TCP_TIMEWAIT_LEN, 60 s, fixed when the kernel is compiled;"
                                + " sockets leave between 60 and about 62 s (the timer wheel's granule)."
                                + " tcp_fin_timeout only bounds orphaned FIN_WAIT2 sockets: it does not shorten"
                                + " TIME_WAIT.");
    }

    static double hundredths(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    /** One batch's count over time. */
    private static final class Watch {
        final TimeWaitBatch batch;
        final List<Double> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();
        int left;
        double firstLeftSeconds = Double.NaN;
        double lastLeftSeconds = Double.NaN;

        Watch(TimeWaitBatch batch) {
            this.batch = batch;
            x.add(0.0);
            y.add((double) batch.count());
        }

        void sample(long remaining, long nowNs) {
            double at = batch.secondsSinceEnd(nowNs);
            x.add(at);
            y.add((double) remaining);
            int nowLeft = (int) (batch.count() - remaining);
            if (nowLeft > 0 && left == 0) {
                firstLeftSeconds = at;
            }
            if (nowLeft == batch.count() && left < batch.count()) {
                lastLeftSeconds = at;
            }
            left = nowLeft;
        }
    }
}
