package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.Map;

/** Reads both sides' kernel counters (the schema's sockstat and TcpExt counters) at one tick. */
public interface LabProbe {
    /**
     * @param complete read everything now, however expensive (the last tick of a phase); otherwise
     *                 a probe may skip costly parts and leave them empty in its reading
     */
    Map<Side, CounterValues> read(boolean complete) throws IOException;
}
