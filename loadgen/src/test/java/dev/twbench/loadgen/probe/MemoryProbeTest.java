package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.Side;
import java.lang.ref.Reference;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    @Test
    void rssOfALiveProcessIsItsVmRssLine() {
        // This JVM has a heap and loaded classes: its resident set is megabytes, not zero.
        long rssKiB = MemoryReading.rssKiB(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(rssKiB > 10 * 1024, rssKiB + " KiB");
    }

    @Test
    void rssOfAProcessThatHasEndedIsEmpty() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertEquals(OptionalLong.empty(), MemoryReading.rssKiB(p.pid()));
    }

    @Test
    void readingHasEverySideAskedForAndThisJvmsHeap() {
        MemoryReading m = new MemoryProbe().read(Map.of(Side.CLIENT, ProcessHandle.current().pid()));
        assertTrue(m.agentRssKiB(Side.CLIENT).isPresent());
        assertTrue(m.agentRssKiB(Side.SERVER).isEmpty(), "no pid given for the server");
        assertTrue(m.orchestratorHeapUsedKiB() > 0);
    }

    @Test
    void heapAfterACollectionFallsByTheGarbageThatCollectionFreed() {
        // Both figures are after-collection figures from GcInfo. The MemoryMXBean's "used" is not
        // compared: G1 refreshes it only at some points (a CI run read 89,012 KiB both before and
        // after 64 MiB of humongous arrays, the figure of the collection before them).
        MemoryProbe probe = new MemoryProbe();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[1 << 20];
        }
        System.gc(); // explicit here only: the test needs collections to have happened
        long withGarbageKiB = probe.heapAfterLatestGcKiB().orElseThrow();
        Reference.reachabilityFence(garbage);
        garbage = null;
        System.gc();
        long withoutKiB = probe.heapAfterLatestGcKiB().orElseThrow();
        assertTrue(withGarbageKiB >= 64 * 1024, withGarbageKiB + " KiB after a collection that kept 64 MiB");
        assertTrue(withoutKiB > 0 && withoutKiB < withGarbageKiB - 32 * 1024,
                withoutKiB + " KiB after the 64 MiB were freed, " + withGarbageKiB + " KiB while they were held");
    }

    @Test
    void vmRssLineIsParsedInKiB() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmRSS:\t  181234 kB\nRssAnon:\t 100 kB\n";
        assertEquals(OptionalLong.of(181_234), MemoryReading.parseVmRssKiB(status));
        assertEquals(OptionalLong.empty(), MemoryReading.parseVmRssKiB("Name:\tkthreadd\n"), "kernel threads have no VmRSS");
    }
}
