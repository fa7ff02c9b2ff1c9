package dev.twbench.loadgen.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link NanoClock} that stands still until the test moves it, so that which attempts are due
 * and which are late follows from the moves alone.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * ClientEngine client = new ClientEngine(spec, clock);
 * client.start();                            // attempt 0 is due now
 * clock.advance(Duration.ofMillis(100));     // at 1000/s: attempts 1..100 are due, 1..89 late
 * }</pre>
 */
final class ManualClock implements NanoClock {
    /** Far from zero, so that no arithmetic on it can pass for "unset". */
    private final AtomicLong nowNs = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanoTime() {
        return nowNs.get();
    }

    void advance(Duration by) {
        nowNs.addAndGet(by.toNanos());
    }
}
