package dev.twbench.loadgen.engine;

/** How the client's sockets are driven: Netty's channels, or the direct engine's own loops. */
interface ClientDriver extends AutoCloseable {
    /**
     * A new loop for one run of a schedule: attempts {@code index, index + stride, ...}, at most
     * {@code cap} at once, counted into {@code counters}; {@code onFinished} runs once when it is done.
     */
    LoadLoop newLoop(int index, int stride, int cap, ExchangeRules rules, ChurnCounters counters,
            Runnable onFinished);

    /**
     * Returns once every socket whose attempt has ended is closed in the kernel too, so that the
     * kernel's counters (an RST's TCPAbortOnData) have counted it.
     */
    default void awaitSocketsClosed() {
    }

    @Override
    void close();
}
