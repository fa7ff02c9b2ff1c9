package dev.twbench.loadgen.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcFiles reads /proc correctly whatever it read before. */
class ProcFilesTest {
    /**
     * A 10 MiB read (as /proc/net/tcp with 60,000 sockets) grows the kept buffer past 4 MiB; a
     * /proc/sys value read next must not ask the kernel for that much at once, which it refuses
     * with ENOMEM ("Cannot allocate memory").
     */
    @Test
    void aSysctlReadsWholeAfterALargeFileGrewTheBuffer(@TempDir Path dir) throws Exception {
        Path large = dir.resolve("large");
        Files.write(large, new byte[10 * 1024 * 1024]);
        assertEquals(10 * 1024 * 1024, ProcFiles.read(large).length());
        String buckets = ProcFiles.read(Path.of("/proc/sys/net/ipv4/tcp_max_tw_buckets")).strip();
        assertTrue(Long.parseLong(buckets) > 0, buckets);
        assertEquals(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip()
                .replaceAll("\\s+", " "), ProcFiles.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip()
                .replaceAll("\\s+", " "));
    }
}
