package dev.twbench.loadgen.engine;

import java.util.concurrent.TimeUnit;

/**
 * How one side conducts each connection: what it writes, how much it expects to read, how it
 * closes, and how long a connection may take. Immutable and shared by all connections.
 */
record ExchangeRules(Payload payload, int expectBytes, Closer closer, long timeoutNs) {
    ExchangeRules(int writeBytes, int expectBytes, Closer closer, long timeoutMs) {
        this(new Payload(writeBytes), expectBytes, closer, TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    }
}
