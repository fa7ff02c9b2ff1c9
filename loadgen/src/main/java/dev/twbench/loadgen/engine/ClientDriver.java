package dev.twbench.loadgen.engine;

/** How the client's sockets are driven: Netty's channels, or the direct engine's own loops. */
interface ClientDriver extends AutoCloseable {
    /**
     * A new loop for one run of a schedule: attempts {@code index, index + stride, ...}, at most
     * {@code cap} at once, counted into {@code counters}; {@code onFinished} runs once when it is done.
     */
    LoadLoop newLoop(int index, int stride, int cap, ExchangeRules rules, ChurnCounters counters,
            Runnable onFinished);

    @Override
    void close();
}
