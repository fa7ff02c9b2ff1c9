package dev.twbench.loadgen.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the JVM's shutdown (Ctrl-C, SIGTERM) until a piece of work has finished writing what it
 * must, or a grace period ends. The JVM halts once every shutdown hook has returned; this one
 * returns when {@link #close()} is called.
 *
 * <pre>{@code
 * try (ShutdownWait wait = ShutdownWait.install(Duration.ofSeconds(60))) {
 *     ...work that must record its outcome even when interrupted...
 * }
 * }</pre>
 */
public final class ShutdownWait implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownWait(long graceMs) {
        hook = new Thread(() -> {
            try {
                done.await(graceMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "twbench-shutdown-wait");
    }

    public static ShutdownWait install(long graceMs) {
        ShutdownWait wait = new ShutdownWait(graceMs);
        Runtime.getRuntime().addShutdownHook(wait.hook);
        return wait;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook returns now that the work is done
        }
    }
}
