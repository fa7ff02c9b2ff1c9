package dev.twbench.loadgen.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileLimitsTest {

    @Test
    void theLimitsReadFromProcAreTheOnesAShellStartedFromThisJvmInherits() throws Exception {
        FileLimits limits = FileLimits.ofThisProcess();
        Process sh = new ProcessBuilder("sh", "-c", "ulimit -Sn; ulimit -Hn").redirectErrorStream(true).start();
        List<String> shell = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        assertEquals(0, sh.waitFor());
        assertEquals(List.of(text(limits.soft()), text(limits.hard())), shell);
    }

    @Test
    void theJvmHasRaisedItsSoftLimitToTheHardOne() throws Exception {
        FileLimits limits = FileLimits.ofThisProcess();
        assertEquals(limits.hard(), limits.soft(), "HotSpot's MaxFDLimit, on by default on Linux");
        assertEquals(limits.hard(), limits.usable());
        assertEquals("hard", limits.usableName());
    }

    @Test
    void aSoftLimitThatWasNotRaisedIsTheOneThatCounts() {
        FileLimits limits = FileLimits.parse("""
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             96551                96551                processes
                Max open files            256                  20000                files
                """);
        assertEquals(new FileLimits(256, 20_000), limits);
        assertEquals(256, limits.usable());
        assertEquals("soft", limits.usableName());
    }

    @Test
    void unlimitedIsTheLargestLimit() {
        assertEquals(new FileLimits(FileLimits.UNLIMITED, FileLimits.UNLIMITED),
                FileLimits.parse("Max open files            unlimited            unlimited            files\n"));
    }

    @Test
    void aFileWithoutTheLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> FileLimits.parse("Max processes 1 1 processes\n"));
    }

    @Test
    void nrOpenIsTheSysctlsValue() throws Exception {
        assertEquals(Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/nr_open")).get(0).strip()),
                FileLimits.nrOpen().orElseThrow());
    }

    private static String text(long limit) {
        return limit == FileLimits.UNLIMITED ? "unlimited" : Long.toString(limit);
    }
}
