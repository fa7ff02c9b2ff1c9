package dev.twbench.loadgen.engine;

/**
 * Where the client reads the time it believes it is: which attempts are due, which start late,
 * how long an attempt may still take, the latencies. The engine runs on {@link #SYSTEM}; a test
 * passes a clock it moves by hand, so that those counts follow from arithmetic rather than from
 * the machine's speed. Timers (the event loop's schedule) still wait in real time: a loop that
 * wakes and finds the clock unmoved simply goes back to sleep.
 *
 * <pre>{@code
 * ClientEngine client = new ClientEngine(spec, testClock);   // package-private, for tests
 * }</pre>
 */
@FunctionalInterface
interface NanoClock {
    /** {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** Now, in nanoseconds from an arbitrary origin, never decreasing. */
    long nanoTime();
}
