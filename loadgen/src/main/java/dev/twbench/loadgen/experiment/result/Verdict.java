package dev.twbench.loadgen.experiment.result;

import com.fasterxml.jackson.annotation.JsonValue;

/** What this kernel said about a claim. */
public enum Verdict {
    HOLDS("holds"),
    DOES_NOT_HOLD("does not hold"),
    /** True in substance, but Linux does it differently from what the source says (the result says how). */
    HOLDS_WITH_LINUX_DIFFERENCE("holds, with a Linux difference"),
    /** Skipped on purpose (e.g. a 60 s experiment under {@code --quick}); the result says why. */
    NOT_RUN("not run"),
    /** The experiment itself could not be carried out (an error, a timeout); the result says what happened. */
    FAILED("failed");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /** The words printed and written to experiments.json. */
    @JsonValue
    public String text() {
        return text;
    }

    /** True for the three verdicts the kernel gave, as opposed to not run or failed. */
    public boolean isJudgement() {
        return this == HOLDS || this == DOES_NOT_HOLD || this == HOLDS_WITH_LINUX_DIFFERENCE;
    }
}
