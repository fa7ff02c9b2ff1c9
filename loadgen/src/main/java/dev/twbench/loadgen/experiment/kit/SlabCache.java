package dev.twbench.loadgen.experiment.kit;

import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One kernel object cache from /proc/slabinfo (root only). Caches are machine-wide, not per
 * namespace: a count taken while other namespaces churn moves with them too; the object size does
 * not.
 *
 * @param name         e.g. {@code tw_sock_TCP}
 * @param activeObjects objects in use
 * @param objectBytes   bytes per object, as the allocator lays them out
 */
public record SlabCache(String name, long activeObjects, long objectBytes) {
    private static final Path SLABINFO = Path.of("/proc/slabinfo");

    public static SlabCache read(String name) throws IOException {
        for (String line : ProcFiles.read(SLABINFO).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[0].equals(name)) {
                return new SlabCache(name, Long.parseLong(f[1]), Long.parseLong(f[3]));
            }
        }
        throw new IOException("no cache " + name + " in " + SLABINFO);
    }
}
