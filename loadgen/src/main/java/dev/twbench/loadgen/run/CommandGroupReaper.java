package dev.twbench.loadgen.run;

import dev.twbench.loadgen.sys.Exec;
import java.util.List;

/**
 * The orchestrator's last word on the user's server ({@code --server-cmd}): SIGKILL to the process
 * group its shell leads, by that pid, when the run ends. The server agent ends the command itself,
 * gracefully, on every path it lives through; this covers the one it cannot, an agent killed
 * first. A group already gone makes kill(1) fail, which is the normal case and says nothing.
 */
final class CommandGroupReaper implements AutoCloseable {
    private volatile long groupId = -1;

    /** @param shellPid the server command's shell, leader of its group; -1 for twbench's own server */
    void watch(long shellPid) {
        groupId = shellPid;
    }

    @Override
    public void close() {
        long group = groupId;
        if (group > 1) {
            Exec.run(List.of("kill", "-KILL", "--", "-" + group));
        }
    }
}
