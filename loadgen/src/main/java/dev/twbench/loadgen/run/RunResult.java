package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.record.Summary;

/** A finished run: where its files are and what its summary said. */
public record RunResult(RunFolder folder, Summary summary) {
}
