package dev.twbench.bench.cli;

import dev.twbench.bench.metrics.LiveMetrics;
import dev.twbench.loadgen.run.RunListener;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-address}, shared by {@code run}, {@code sweep} and
 * {@code soak} (a picocli mixin): where the command serves its live metrics, if anywhere.
 */
final class MetricsOption {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve the run's live metrics in Prometheus' text format at http://ADDRESS:PORT/metrics"
                    + " while the command lasts (every tick's TIME_WAIT, connections, failures, latency and kernel"
                    + " counters; examples/grafana has a dashboard)")
    private String port;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address --metrics-port listens on; 0.0.0.0 for every interface, so that a Prometheus"
                    + " elsewhere can scrape it (default: ${DEFAULT-VALUE})")
    private String address;

    /** The address and port to serve on, validated; empty without {@code --metrics-port}. */
    private record Endpoint(InetAddress address, int port) {
    }

    /** Checks both options as given: bad input is one line and exit 2, before anything is created. */
    void validate() {
        endpoint();
    }

    private Optional<Endpoint> endpoint() {
        if (port == null) {
            return Optional.empty();
        }
        int p = Flags.intIn("--metrics-port", port, 1, 65_535);
        try {
            if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new UnknownHostException(address);
            }
            return Optional.of(new Endpoint(InetAddress.getByName(address), p));
        } catch (UnknownHostException e) {
            throw InvalidScenarioException.of("--metrics-address", address, "must be an IP address of this host,"
                    + " such as 127.0.0.1 or 0.0.0.0");
        }
    }

    /**
     * Starts the endpoint if asked for.
     *
     * @throws InvalidScenarioException the port is taken, or the address is not this host's
     */
    Optional<LiveMetrics> start() {
        return endpoint().map(e -> {
            try {
                return LiveMetrics.start(e.address(), e.port());
            } catch (IOException failed) {
                throw InvalidScenarioException.of("--metrics-port", e.port(), "cannot be served on " + address + " ("
                        + failed.getMessage() + "): choose a free port, or an address of this host");
            }
        });
    }

    /** {@code listener}, and the live metrics too where there are some. */
    static RunListener with(RunListener listener, Optional<LiveMetrics> metrics) {
        return metrics.<RunListener>map(listener::and).orElse(listener);
    }
}
