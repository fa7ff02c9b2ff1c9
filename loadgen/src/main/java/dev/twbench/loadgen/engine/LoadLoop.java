package dev.twbench.loadgen.engine;

/** One thread's share of the client load, on whichever driver runs it. */
interface LoadLoop {
    /** Starts the schedule on this loop; returns at once. */
    void start(AttemptSchedule schedule);

    /** No new attempts; those in flight finish (or time out). */
    void stop();
}
