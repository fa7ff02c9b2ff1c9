package dev.twbench.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twbench.loadgen.counter.Counter;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.record.Phase;
import dev.twbench.loadgen.run.Progress;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/grafana's dashboard asks only for metrics twbench serves: every {@code twbench_} name
 * in its queries is in a scrape of a tick that has every counter of the schema.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("").toAbsolutePath().getParent()
            .resolve("examples/grafana/twbench-dashboard.json");

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        CounterValues.Builder all = CounterValues.builder();
        for (Counter c : Counters.ALL) {
            all.set(c, 3);
        }
        CounterValues values = all.build();
        LatencyDigest latency = new LatencyDigest(10, 100, 200, 300, 400);
        String text = text(new LiveMetrics.Tick("r1", new Progress(1_000, Phase.LOAD, values, values, values, latency,
                latency)));

        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> asked = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = Pattern.compile("twbench_\\w+").matcher(target.path("expr").asText());
                while (m.find()) {
                    asked.add(m.group());
                }
            }
        }
        assertFalse(asked.isEmpty());
        for (String name : asked) {
            assertTrue(Pattern.compile("(?m)^" + name + "\\{").matcher(text).find(), name + " is not served:\n" + text);
        }
    }

    @Test
    void kernelCountersAreNamedAfterTheirColumns() {
        assertEquals("tw_entered", LiveMetrics.snake("twEntered"));
        assertEquals("conntrack_time_wait_entries", LiveMetrics.snake("conntrackTimeWaitEntries"));
    }

    private static String text(LiveMetrics.Tick tick) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, LiveMetrics.snapshot(tick));
        return out.toString(StandardCharsets.UTF_8);
    }
}
