package dev.twbench.loadgen.agent;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ends this agent when its orchestrator is gone, even while the agent is too busy to read its
 * stdin (the client's warm-up holds the protocol thread for seconds). The agent is started
 * by the orchestrator itself ({@code setsid} and {@code ip netns exec} exec in place), so its
 * parent is the orchestrator; when that dies the kernel re-parents the agent, and the parent
 * pid changes.
 *
 * <pre>{@code
 * ParentWatch.start(AgentMain.EXIT_ORPHANED, AgentMain::endOrphaned);   // first thing in main()
 * }</pre>
 */
final class ParentWatch {
    /** Well inside the one second an orphaned agent may live. */
    static final long POLL_MS = 200;

    private ParentWatch() {
    }

    /**
     * Starts a daemon thread that, once the parent changes, runs {@code beforeExit} (what the agent
     * started must not outlive it) and halts this JVM with {@code exitCode}.
     */
    static void start(int exitCode, Runnable beforeExit) {
        Optional<Long> parent = parentPid();
        if (parent.isEmpty()) {
            return; // started by init itself: nothing to watch
        }
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    TimeUnit.MILLISECONDS.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                if (!parentPid().equals(parent)) {
                    System.err.println("twbench agent: the orchestrator (pid " + parent.get() + ") is gone; exiting");
                    beforeExit.run();
                    Runtime.getRuntime().halt(exitCode);
                }
            }
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static Optional<Long> parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid);
    }
}
