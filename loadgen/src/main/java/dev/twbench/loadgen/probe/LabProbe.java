package dev.twbench.loadgen.probe;

import dev.twbench.loadgen.scenario.Side;
import java.io.IOException;
import java.util.Map;

/** Reads both sides' kernel counters at one tick. */
public interface LabProbe {
    Map<Side, ProbeReading> read() throws IOException;
}
