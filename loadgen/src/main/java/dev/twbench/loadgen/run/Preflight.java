package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.ResultsSize;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sys.FileLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * What is checked before a run creates anything (results folder, lab, agents): that each agent
 * can open the descriptors the run needs, and that --out's file system has room for what it
 * writes. Either shortfall is bad input: one line naming the value, what fits, and the fix.
 *
 * <pre>{@code
 * Preflight.check(scenario);                     // one run
 * Preflight.checkSweep(outDir, variantScenarios); // every variant, and the sweep's total size
 * }</pre>
 */
public final class Preflight {
    /**
     * File descriptors an agent JVM holds besides its connections and listeners: 39 (client) and
     * 40 (server) measured with {@code ls /proc/PID/fd} during a drain (epoll, one event loop).
     * 256 leaves room for more event loops, io_uring rings, GC logs and flight recordings.
     */
    public static final int JVM_DESCRIPTORS = 256;

    private Preflight() {
    }

    public static void check(Scenario s) {
        AgentPlacement.of(s); // --agent-cpus: CPUs this process may use, and taskset to pin with
        FileLimits limits = limitsOfThisProcess();
        checkDescriptors(s, limits, FileLimits.nrOpen());
        checkSpace(s.outDir(), ResultsSize.ofRun(s), "this run writes");
    }

    public static void checkSweep(Path outDir, Collection<Scenario> variants) {
        FileLimits limits = limitsOfThisProcess();
        OptionalLong nrOpen = FileLimits.nrOpen();
        for (Scenario s : variants) {
            AgentPlacement.of(s);
            checkDescriptors(s, limits, nrOpen);
        }
        checkSpace(outDir, ResultsSize.ofSweep(variants), "this sweep's " + variants.size() + " runs write");
    }

    /**
     * Each connection is one descriptor in the client agent and one in the server agent, each its
     * own process; the server also holds its listeners.
     */
    static long descriptorsPerAgent(Scenario s) {
        return (long) s.maxInFlight() + listeners(s) + JVM_DESCRIPTORS;
    }

    static void checkDescriptors(Scenario s, FileLimits limits, OptionalLong nrOpen) {
        long needed = descriptorsPerAgent(s);
        long limit = limits.usable();
        if (needed <= limit) {
            return;
        }
        long fits = limit - listeners(s) - JVM_DESCRIPTORS;
        String lower = fits >= 1 ? "lower it to at most " + fits + ", or raise the limit first: "
                : "not even one connection fits; raise the limit first: ";
        throw InvalidScenarioException.of("--max-in-flight", s.maxInFlight(), "each agent needs up to " + needed
                + " file descriptors (" + s.maxInFlight() + " connections, " + listeners(s) + " listener"
                + (listeners(s) == 1 ? "" : "s") + ", " + JVM_DESCRIPTORS + " for the JVM) but the limit is " + limit
                + " (" + limits.usableName() + "); " + lower + raise(needed, limits, nrOpen));
    }

    /** The shell commands that make {@code needed} descriptors fit, run before twbench. */
    private static String raise(long needed, FileLimits limits, OptionalLong nrOpen) {
        if (needed <= limits.hard()) {
            return "ulimit -Sn " + needed;
        }
        String fix = "ulimit -Hn " + needed + " && ulimit -Sn " + needed + " (needs root with CAP_SYS_RESOURCE";
        if (nrOpen.isPresent() && needed > nrOpen.getAsLong()) {
            fix += "; " + needed + " is above fs.nr_open=" + nrOpen.getAsLong() + ", so first sysctl -w fs.nr_open="
                    + needed;
        }
        return fix + ")";
    }

    private static int listeners(Scenario s) {
        return s.serverPorts() * Math.max(1, s.serverReusePort());
    }

    /**
     * Compares the estimate with the space an unprivileged writer may use on the file system
     * that will hold --out (its nearest existing folder: --out may not exist yet).
     */
    static void checkSpace(Path outDir, ResultsSize needed, String what) {
        Path existing = outDir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return; // RunFolder.create says why no folder can be made there
        }
        long freeBytes;
        try {
            FileStore store = Files.getFileStore(existing);
            if (store.getTotalSpace() == 0) {
                return; // /proc, /sys: not storage; RunFolder.create says why it cannot write there
            }
            freeBytes = store.getUsableSpace();
        } catch (IOException e) {
            return; // RunFolder.create meets the same problem and names it
        }
        if (freeBytes < needed.bytes()) {
            throw InvalidScenarioException.of("--out", outDir, ResultsSize.format(freeBytes) + " free on its file system, "
                    + what + " about " + needed + "; free space or choose another --out");
        }
    }

    private static FileLimits limitsOfThisProcess() {
        try {
            return FileLimits.ofThisProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/limits", e);
        }
    }
}
