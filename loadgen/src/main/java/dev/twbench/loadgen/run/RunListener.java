package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.Summary;

/** What a run tells its user as it goes; the CLI prints it, tests can ignore it. */
public interface RunListener {
    RunListener SILENT = new RunListener() {
    };

    /** Something worth a line on the console (a stale lab removed, the lab's addresses, ...). */
    default void notice(String line) {
    }

    /** Every tick. */
    default void progress(Progress progress) {
    }

    /** The summary is on disk; called before the lab is removed. */
    default void finished(Summary summary, RunFolder folder) {
    }
}
