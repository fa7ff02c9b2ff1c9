package dev.twbench.loadgen.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void theKernelsListSyntaxReadsAndWritesBackCollapsed() {
        CpuList cpus = CpuList.parse("6,0-2,3");
        assertEquals(List.of(0, 1, 2, 3, 6), cpus.cpus());
        assertEquals("0-3,6", cpus.toString());
    }

    @Test
    void notAListOrABackwardRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("0-"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("a"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("3-1"));
    }

    @Test
    void aSplitGivesConsecutiveSharesTheFirstOnesLarger() {
        assertEquals(List.of(CpuList.parse("0"), CpuList.parse("1")), CpuList.parse("0-1").split(2));
        assertEquals(List.of(CpuList.parse("0-1"), CpuList.parse("2")), CpuList.parse("0-2").split(2));
        assertEquals(List.of(CpuList.parse("0,2"), CpuList.parse("5,7")), CpuList.parse("0,2,5,7").split(2));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("3").split(2));
    }

    @Test
    void thisProcessMayRunOnTheCpusTheKernelSays() throws Exception {
        CpuList mine = CpuList.allowedToThisProcess();
        assertTrue(mine.cpus().size() >= 1);
    }
}
