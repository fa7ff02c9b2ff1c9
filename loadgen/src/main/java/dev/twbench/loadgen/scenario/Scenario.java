package dev.twbench.loadgen.scenario;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One run, fully specified and validated: the single value that flows from the CLI (or a plan
 * file) to the lab, the agents and the recorder. Invalid values throw
 * {@link InvalidScenarioException} here, before anything is created.
 *
 * @param name          label of the results folder ({@code <yyyyMMdd-HHmmss>-<name>})
 * @param closeOrder    who closes first
 * @param rate          target new connections per second, or closed loop
 * @param durationMs    how long new attempts are scheduled
 * @param intervalMs    sampling interval
 * @param maxInFlight   cap on connections open at once (bounds the client's file descriptors)
 * @param requestBytes  bytes the client sends per connection
 * @param responseBytes bytes the server answers per connection
 * @param timeoutMs     an attempt not finished after this long fails with {@code TIMEOUT}
 * @param drain         after the load, keep sampling until TIME_WAIT is back to its start value
 * @param lab           namespaces or the host
 * @param sysctls       per-side sysctl overrides (namespace lab only)
 * @param outDir        parent folder of the run folder
 * @param serverPort    port the server listens on; 0 lets the kernel choose (host lab)
 * @param agentThreads  event loops per agent
 * @param warmupMs      the load's schedule runs this long before Go, closed abortively (no TIME_WAIT), to warm the JIT
 */
public record Scenario(
        String name,
        CloseOrder closeOrder,
        Rate rate,
        long durationMs,
        long intervalMs,
        int maxInFlight,
        int requestBytes,
        int responseBytes,
        long timeoutMs,
        boolean drain,
        LabKind lab,
        SysctlOverrides sysctls,
        Path outDir,
        int serverPort,
        int agentThreads,
        long warmupMs) {

    /** The drain phase stops after this long even if TIME_WAIT has not gone (60 s lifetime + timer slack). */
    public static final long DRAIN_LIMIT_MS = 65_000;
    public static final long MAX_DURATION_MS = 24L * 3_600_000;
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Scenario {
        Objects.requireNonNull(closeOrder, "closeOrder");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(sysctls, "sysctls");
        Objects.requireNonNull(outDir, "outDir");
        if (name == null || !NAME.matcher(name).matches()) {
            throw InvalidScenarioException.of("--name", name, "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        requireRange("--duration", durationMs, 1, MAX_DURATION_MS, Durations.format(durationMs),
                "must be from 1ms to 24h");
        requireRange("--interval", intervalMs, 10, 60_000, Durations.format(intervalMs),
                "must be from 10ms to 60s");
        requireRange("--max-in-flight", maxInFlight, 1, 1_000_000, maxInFlight, "must be from 1 to 1000000");
        requireRange("--request-bytes", requestBytes, 1, MAX_PAYLOAD_BYTES, requestBytes,
                "must be from 1 to " + MAX_PAYLOAD_BYTES);
        requireRange("--response-bytes", responseBytes, 1, MAX_PAYLOAD_BYTES, responseBytes,
                "must be from 1 to " + MAX_PAYLOAD_BYTES);
        requireRange("--timeout", timeoutMs, 1, 600_000, Durations.format(timeoutMs), "must be from 1ms to 10m");
        requireRange("--server-port", serverPort, 0, 65_535, serverPort, "must be from 1 to 65535, or 0 for any");
        requireRange("--agent-threads", agentThreads, 1, 64, agentThreads, "must be from 1 to 64");
        requireRange("--warmup", warmupMs, 0, 600_000, Durations.format(warmupMs), "must be from 0s to 10m");
        if (lab == LabKind.NETNS && serverPort == 0) {
            throw InvalidScenarioException.of("--server-port", 0, "must be from 1 to 65535 in the namespace lab");
        }
        if (lab == LabKind.HOST && !sysctls.isEmpty()) {
            throw new InvalidScenarioException("invalid --lab 'host' with sysctl overrides: the host lab never"
                    + " changes sysctls (they would change the host); use the default namespace lab");
        }
    }

    /** Defaults as documented in {@code run --help}. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireRange(String option, long value, long min, long max, Object shown, String allowed) {
        if (value < min || value > max) {
            throw InvalidScenarioException.of(option, shown, allowed);
        }
    }

    /** Mutable on purpose: collects flags, then {@link #build()} validates everything at once. */
    public static final class Builder {
        private String name = "run";
        private CloseOrder closeOrder = CloseOrder.CLIENT_FIRST;
        private Rate rate = Rate.perSecond(1000);
        private long durationMs = 30_000;
        private long intervalMs = 100;
        private int maxInFlight = 256;
        private int requestBytes = 64;
        private int responseBytes = 256;
        private long timeoutMs = 5_000;
        private boolean drain = true;
        private LabKind lab = LabKind.NETNS;
        private SysctlOverrides sysctls = SysctlOverrides.none();
        private Path outDir = Path.of("results");
        private Integer serverPort;
        private int agentThreads = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
        private long warmupMs = 2_000;

        public Builder name(String v) { name = v; return this; }
        public Builder closeOrder(CloseOrder v) { closeOrder = v; return this; }
        public Builder rate(Rate v) { rate = v; return this; }
        public Builder durationMs(long v) { durationMs = v; return this; }
        public Builder intervalMs(long v) { intervalMs = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder requestBytes(int v) { requestBytes = v; return this; }
        public Builder responseBytes(int v) { responseBytes = v; return this; }
        public Builder timeoutMs(long v) { timeoutMs = v; return this; }
        public Builder drain(boolean v) { drain = v; return this; }
        public Builder lab(LabKind v) { lab = v; return this; }
        public Builder sysctls(SysctlOverrides v) { sysctls = v; return this; }
        public Builder outDir(Path v) { outDir = v; return this; }
        public Builder serverPort(int v) { serverPort = v; return this; }
        public Builder agentThreads(int v) { agentThreads = v; return this; }
        public Builder warmupMs(long v) { warmupMs = v; return this; }

        public Scenario build() {
            // The host lab lets the kernel pick a free port; inside our own namespace any fixed port is free.
            int port = serverPort != null ? serverPort : (lab == LabKind.HOST ? 0 : 7000);
            return new Scenario(name, closeOrder, rate, durationMs, intervalMs, maxInFlight, requestBytes,
                    responseBytes, timeoutMs, drain, lab, sysctls, outDir, port, agentThreads, warmupMs);
        }
    }
}
