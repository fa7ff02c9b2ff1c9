package dev.twbench.loadgen.remote;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after a failed handshake from an address, that address's next attempt
 * waits, twice as long after each further failure, up to {@link #MAX_DELAY_MS}. A success clears it.
 *
 * <pre>{@code
 * Thread.sleep(throttle.delayMs(peer));     // before the challenge
 * throttle.failed(peer);  or  throttle.succeeded(peer);
 * }</pre>
 */
public final class FailureThrottle {
    static final long FIRST_DELAY_MS = 250;
    static final long MAX_DELAY_MS = 8_000;

    private final Map<InetAddress, Integer> failures = new ConcurrentHashMap<>();

    /** How long this address's next attempt waits: 0 until it has failed. */
    public long delayMs(InetAddress peer) {
        int n = failures.getOrDefault(peer, 0);
        return n == 0 ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(n - 1, 16));
    }

    /** Counts a failure; returns how many this address has had in a row. */
    public int failed(InetAddress peer) {
        return failures.merge(peer, 1, Integer::sum);
    }

    public void succeeded(InetAddress peer) {
        failures.remove(peer);
    }
}
