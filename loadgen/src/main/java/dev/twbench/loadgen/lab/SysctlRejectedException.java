package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.scenario.InvalidScenarioException;

/** The kernel refused a sysctl value that passed twbench's own checks: still bad input (exit 2). */
public final class SysctlRejectedException extends InvalidScenarioException {
    private static final long serialVersionUID = 1L;

    public SysctlRejectedException(String message) {
        super(message);
    }
}
