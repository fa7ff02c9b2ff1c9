package dev.twbench.loadgen.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.Side;
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
    void heapAfterACollectionIsNoMoreThanTheHeapInUseBeforeIt() {
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[1 << 20];
        }
        MemoryProbe probe = new MemoryProbe();
        long usedKiB = probe.read(Map.of()).orchestratorHeapUsedKiB();
        garbage = null;
        System.gc(); // explicit here only: the test needs a collection to have happened
        long afterKiB = probe.heapAfterLatestGcKiB().orElseThrow();
        assertTrue(afterKiB > 0 && afterKiB < usedKiB, afterKiB + " KiB after, " + usedKiB + " KiB before");
    }

    @Test
    void vmRssLineIsParsedInKiB() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmRSS:\t  181234 kB\nRssAnon:\t 100 kB\n";
        assertEquals(OptionalLong.of(181_234), MemoryReading.parseVmRssKiB(status));
        assertEquals(OptionalLong.empty(), MemoryReading.parseVmRssKiB("Name:\tkthreadd\n"), "kernel threads have no VmRSS");
    }
}
