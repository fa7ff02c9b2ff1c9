package dev.twbench.loadgen.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a run leaves nothing behind, whatever ends it. Resources (the lab, the agents) are
 * registered as they are created and closed last-in-first-out by {@link #close()}. On Ctrl-C
 * (SIGINT) or SIGTERM the JVM runs the guard's shutdown hook, which asks the run to stop, gives
 * it time to write its last samples and summary, and then closes whatever is still open itself.
 *
 * <pre>{@code
 * try (RunGuard guard = RunGuard.install()) {
 *     Lab lab = guard.own(NetnsLab.create(...));
 *     AgentProcess agent = guard.own(AgentProcess.launch(...));
 *     while (!guard.awaitStop(intervalNs)) { ...sample... }   // true once Ctrl-C arrives
 * }   // agents ended, then the lab removed
 * }</pre>
 */
public final class RunGuard implements AutoCloseable {
    /** How long the hook lets the run finish its files before it removes the lab itself. */
    private static final long HOOK_GRACE_MS = 20_000;

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "twbench-cleanup");
    private volatile boolean signalled;
    private boolean cleanedUp;

    private RunGuard() {
    }

    public static RunGuard install() {
        RunGuard guard = new RunGuard();
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /**
     * Registers {@code resource} to be closed when the run ends, whichever way. If the cleanup has
     * already run (the run outlived the hook's grace period), closes it at once and throws.
     */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        if (cleanedUp) {
            closeQuietly(resource);
            throw new IllegalStateException("the run was stopped and cleaned up while it was still being built");
        }
        owned.push(resource);
        return resource;
    }

    /** True if a stop was requested. */
    public boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code timeoutNs}; true as soon as a stop is requested. */
    public boolean awaitStop(long timeoutNs) {
        try {
            return stop.await(Math.max(0, timeoutNs), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void onShutdown() {
        signalled = true;
        stop.countDown();
        try {
            if (!closed.await(HOOK_GRACE_MS, TimeUnit.MILLISECONDS)) {
                closeOwned();
            }
        } catch (InterruptedException e) {
            closeOwned();
        }
    }

    private synchronized void closeOwned() {
        cleanedUp = true;
        while (!owned.isEmpty()) {
            closeQuietly(owned.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("twbench: cleanup of " + resource + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closeOwned();
        closed.countDown();
        if (!signalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook will find nothing left to do
            }
        }
    }
}
