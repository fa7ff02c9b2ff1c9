package dev.twbench.analysis.chart;

import dev.twbench.analysis.results.RunResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Real run folders, recorded with {@code benchmarks.jar run} (see fixtures/README.md), and a JMH
 * result file.
 */
final class Fixtures {
    /** --rate 500 --duration 4s --no-drain: 2000 completed, no failure. */
    static final String CLEAN = "20261121-190752-clean";
    /** The same with 1000 client ports: EADDRNOTAVAIL from 2.0 s on, 1000 failures. */
    static final String EXHAUSTED = "20261121-190800-exhausted";
    /** --close client-rst --duration 3s with drain: no TIME_WAIT, so the drain is one tick. */
    static final String RST_DRAIN = "20261121-190808-rst-drain";
    /**
     * --rate 1000 --duration 3s --no-drain with the client's tcp_max_tw_buckets at 500: TIME_WAIT
     * flat at 500, 2500 closes skipped it (TCPTimeWaitOverflow), no failure.
     */
    static final String OVERFLOW = "20261121-220638-overflow";

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no fixture " + name, e);
        }
    }

    static RunResults run(String name) {
        try {
            return RunResults.load(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
