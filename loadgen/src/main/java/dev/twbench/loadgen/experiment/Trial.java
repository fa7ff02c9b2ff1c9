package dev.twbench.loadgen.experiment;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What an experiment gets to run with.
 *
 * @param quick    skip waiting out TIME_WAIT (about a minute) and say so
 * @param workDir  where the experiment may keep files (churn runs write their run folders here)
 * @param progress a line of progress for the console ("30 s: 200 still in TIME_WAIT")
 */
public record Trial(boolean quick, Path workDir, Consumer<String> progress) {
    public void say(String line) {
        progress.accept(line);
    }
}
