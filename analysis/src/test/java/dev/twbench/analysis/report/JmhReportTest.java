package dev.twbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.analysis.results.JmhResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JMH report states each score with its error, and says when it has none. */
class JmhReportTest {
    private static JmhResult cycles(String transport, double score, double error) {
        return new JmhResult("dev.twbench.bench.jmh.ConnectionCycleBenchmark.cycle", "thrpt",
                Map.of("transport", transport), new JmhResult.Metric(score, error, "ops/s"), Map.of());
    }

    @Test
    void scoresWithoutAnErrorAreCountedAndTheirComparisonSaysItMayBeNoise() {
        List<String> findings = JmhReport.findings(List.of(cycles("epoll", 14_025, Double.NaN),
                cycles("nio", 12_693, Double.NaN)));
        assertTrue(findings.get(0).startsWith("2 of 2 scores have no error"), findings.get(0));
        assertEquals("ConnectionCycleBenchmark.cycle: best transport=epoll at 14,025 ops/s (error unknown), worst"
                + " transport=nio at 12,693 ops/s (error unknown) (1.1x apart; error unknown, so this may be noise).",
                findings.get(1));
    }

    @Test
    void twoScoresFartherApartThanTheirErrorsAreToldApart() {
        List<String> findings = JmhReport.findings(List.of(cycles("epoll", 14_000, 300), cycles("nio", 12_000, 400)));
        assertEquals(1, findings.size(), "every score has its error: no warning");
        assertEquals("ConnectionCycleBenchmark.cycle: best transport=epoll at 14,000 ± 300 ops/s, worst transport=nio"
                + " at 12,000 ± 400 ops/s (1.2x apart; beyond both 99.9 % intervals).", findings.get(0));
    }

    @Test
    void twoScoresWithinTheirErrorsAreNotToldApart() {
        List<String> findings = JmhReport.findings(List.of(cycles("epoll", 14_000, 1_500), cycles("nio", 12_000, 900)));
        assertTrue(findings.get(0).endsWith("(1.2x apart; their 99.9 % intervals overlap: not told apart)."),
                findings.get(0));
    }
}
