package dev.twbench.analysis.soak;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a soak run showed: every interval recorded, and memory flat after the warm-up.
 *
 * @param runId            the run folder's name
 * @param durationMs       the load's planned length
 * @param intervalMs       the sampling interval
 * @param expectedLoadRows duration / interval: the rows each side must have in the load phase
 * @param clientLoadRows   load-phase rows of the client after the baseline row at 0
 * @param serverLoadRows   the same for the server
 * @param largestGapMs     the longest time between two consecutive rows of one side
 * @param warmupMs         memory before this is not judged (JIT, heap sizing, socket buffers)
 * @param windowMs         the length of the two windows compared
 * @param memory           agent RSS per side and the orchestrator's heap
 */
public record SoakVerdict(String runId, long durationMs, long intervalMs, long expectedLoadRows, long clientLoadRows,
        long serverLoadRows, long largestGapMs, long warmupMs, long windowMs, List<MemorySeries> memory) {

    public SoakVerdict {
        memory = List.copyOf(memory);
    }

    /** No interval missing: each side has a row for every interval of the load. */
    @JsonProperty
    public boolean everyInterval() {
        return clientLoadRows >= expectedLoadRows && serverLoadRows >= expectedLoadRows;
    }

    @JsonProperty
    public boolean memoryFlat() {
        return memory.stream().allMatch(MemorySeries::flat);
    }

    @JsonProperty
    public boolean passed() {
        return everyInterval() && memoryFlat();
    }
}
