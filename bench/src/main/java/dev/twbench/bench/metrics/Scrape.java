package dev.twbench.bench.metrics;

import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.scenario.Side;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The metric families of one scrape, built from one tick with Prometheus' model: a family is a
 * name, a help text and its points, each point a value with the run's id and the family's own
 * labels. A family with no point (a counter no side has) is left out.
 */
final class Scrape {
    /** The latency summary's quantiles: those the agents report. */
    private static final double[] QUANTILES = {0.5, 0.99, 0.999};

    private final LiveMetrics.Tick tick;
    private final List<Family> families = new ArrayList<>();
    private final MetricSnapshots.Builder latency = MetricSnapshots.builder();
    private boolean anyLatency;

    Scrape(LiveMetrics.Tick tick) {
        this.tick = tick;
    }

    private record Point(double value, Labels labels) {
    }

    /** One family, gauge or counter, and its points. */
    final class Family {
        private final String name;
        private final String help;
        private final boolean counter;
        private final List<Point> points = new ArrayList<>();

        private Family(String name, String help, boolean counter) {
            this.name = name;
            this.help = help;
            this.counter = counter;
        }

        /** A point with only the run's label. */
        Family point(double value) {
            add(value, Labels.of("run", tick.runId()));
            return this;
        }

        /** The counter's value on the client and on the server, where each has it. */
        Family eachEnd(Counter c) {
            return eachSide(c, Side.ENDS.toArray(Side[]::new));
        }

        /** The same, with one more label. */
        Family eachEnd(Counter c, String label, String value) {
            for (Side side : Side.ENDS) {
                valueOf(side, c).ifPresent(v -> add(v, Labels.of("run", tick.runId(), "side", side.label(), label,
                        value)));
            }
            return this;
        }

        /** The counter's value on each of these sides that has it. */
        Family eachSide(Counter c, Side... sides) {
            for (Side side : sides) {
                valueOf(side, c).ifPresent(v -> add(v, Labels.of("run", tick.runId(), "side", side.label())));
            }
            return this;
        }

        private OptionalLong valueOf(Side side, Counter c) {
            return c.appliesTo(side) ? tick.progress().side(side).get(c) : OptionalLong.empty();
        }

        private void add(double value, Labels l) {
            points.add(new Point(value, l));
        }

        private void addTo(MetricSnapshots.Builder out) {
            if (points.isEmpty()) {
                return;
            }
            if (counter) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                points.forEach(p -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.value())
                        .labels(p.labels()).build()));
                out.metricSnapshot(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
                points.forEach(p -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(p.value())
                        .labels(p.labels()).build()));
                out.metricSnapshot(b.build());
            }
        }
    }

    Family gauge(String name, String help) {
        Family f = new Family(name, help, false);
        families.add(f);
        return f;
    }

    /** {@code name} without {@code _total}: the text format adds it to a counter. */
    Family counter(String name, String help) {
        Family f = new Family(name, help, true);
        families.add(f);
        return f;
    }

    /** A summary of the client's connect and cycle latency: count and quantiles in seconds (no sum is kept). */
    void latency(String name, String help, LatencyDigest connect, LatencyDigest cycle) {
        SummarySnapshot.Builder b = SummarySnapshot.builder().name(name).help(help);
        anyLatency |= addLatency(b, "connect", connect) | addLatency(b, "cycle", cycle);
        latency.metricSnapshot(b.build());
    }

    private boolean addLatency(SummarySnapshot.Builder b, String kind, LatencyDigest d) {
        if (d.count() == 0) {
            return false;
        }
        long[] us = {d.p50Us(), d.p99Us(), d.p999Us()};
        Quantiles.Builder q = Quantiles.builder();
        for (int i = 0; i < QUANTILES.length; i++) {
            q.quantile(new Quantile(QUANTILES[i], us[i] / 1e6));
        }
        b.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().count(d.count()).quantiles(q.build())
                .labels(Labels.of("run", tick.runId(), "kind", kind)).build());
        return true;
    }

    MetricSnapshots build() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        families.forEach(f -> f.addTo(out));
        if (anyLatency) {
            latency.build().forEach(out::metricSnapshot);
        }
        return out.build();
    }
}
